#include "renderers.h"
#include "reportsections.h"
#include "textescape.h"

namespace stackdeck::report {

namespace {

std::string esc(std::string_view s)
{
    return markdownEscape(s);
}

void appendException(std::string& out, const ExceptionSummary& ex)
{
    out += "**" + esc(ex.type.empty() ? std::string("Error") : ex.type) + "**";
    if (!ex.value.empty())
        out += ": " + esc(ex.value);
    out += "\n\n";
    for (const FrameSummary& f : ex.frames) {
        out += "- `" + std::string(f.inApp ? "app" : "lib") + "` " + esc(f.function);
        if (!f.location.empty())
            out += " in " + esc(f.location);
        out += '\n';
        if (!f.context.empty()) {
            std::string code;
            for (const auto& [line, text] : f.context)
                code += std::to_string(line) + (f.lineno && line == *f.lineno ? " > " : "   ") + text + '\n';
            out += '\n' + markdownCodeBlock(code) + '\n';
        }
    }
    if (ex.omittedFrames > 0)
        out += "- " + std::to_string(ex.omittedFrames) + " more frames not shown\n";
    out += '\n';
}

void appendEventSections(std::string& out, const IssueReport& r, const std::string& level)
{
    if (!r.eventError.empty())
        out += "_The event could not be read: " + esc(r.eventError) + "_\n\n";
    if (!r.event)
        return;
    const IssueSections s = sectionsOf(r);
    out += level + " Event " + esc(s.eventId) + "\n\n";
    out += "- **Time:** " + esc(s.eventTime) + "\n";
    if (!s.release.empty())
        out += "- **Release:** " + esc(s.release) + "\n";
    if (!s.environment.empty())
        out += "- **Environment:** " + esc(s.environment) + "\n";
    if (r.redactionsApplied > 0)
        out += "- **Redacted:** " + std::to_string(r.redactionsApplied) + " findings\n";
    out += '\n';
    if (!s.message.empty())
        out += "**Message:**\n\n" + markdownCodeBlock(s.message) + '\n';
    for (const ExceptionSummary& ex : s.exceptions)
        appendException(out, ex);
    if (s.request) {
        out += level + "# Request\n\n" + esc(s.request->method) + ' ' + esc(s.request->url);
        if (!s.request->status.empty())
            out += " \u2192 " + esc(s.request->status);
        out += "\n\n";
    }
    if (!s.breadcrumbs.empty()) {
        out += level + "# Breadcrumbs (last " + std::to_string(s.breadcrumbs.size()) + " of "
            + std::to_string(s.totalBreadcrumbs) + ")\n\n| time | category | level | message |\n|---|---|---|---|\n";
        for (const BreadcrumbSummary& b : s.breadcrumbs)
            out += "| " + esc(b.time) + " | " + esc(b.category) + " | " + esc(b.level) + " | " + esc(b.text) + " |\n";
        out += '\n';
    }
}

// A note is Markdown from someone else: each of its lines is escaped and
// quoted, so nothing in it becomes markup, and no line can leave the quote.
void appendNote(std::string& out, const ReportNote& n)
{
    out += "**Note on " + esc(n.target) + "**, " + esc(n.author) + ", " + esc(reportTime(n.createdAt)) + ":\n\n";
    std::string_view text = n.text;
    while (true) {
        const std::size_t end = text.find('\n');
        const std::string line = esc(text.substr(0, end));
        out += line.empty() ? ">\n" : "> " + line + '\n';
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    out += '\n';
}

void appendIssue(std::string& out, const IssueReport& r, const std::string& level)
{
    const Issue& i = r.issue;
    out += level + " #" + std::to_string(i.id.value) + " " + esc(displayTitle(i)) + "\n\n";
    if (!i.culprit.empty())
        out += esc(i.culprit) + "\n\n";
    out += "- **Status:** " + esc(issueStatusName(i.status));
    if (!i.assignee.empty())
        out += ", assigned to " + esc(i.assignee);
    out += "\n- **Events:** " + std::to_string(i.eventCount) + ", **users:** " + std::to_string(i.userCount) + '\n';
    out += "- **First seen:** " + esc(reportTime(i.firstSeen)) + ", **last seen:** " + esc(reportTime(i.lastSeen))
        + "\n";
    out += "- **Level:** " + esc(levelName(i.level)) + ", **project:** " + esc(i.projectName) + "\n\n";
    appendEventSections(out, r, level + "#");
    if (!r.tags.empty()) {
        out += level + "# Tags\n\n";
        for (const auto& t : r.tags) {
            out += "- " + esc(t.key) + ":";
            for (const auto& v : t.topValues)
                out += " " + esc(v.value) + " (" + std::to_string(v.count) + ")";
            out += '\n';
        }
        out += '\n';
    }
    if (!r.notes.empty()) {
        out += level + "# Notes\n\n";
        for (const auto& n : r.notes)
            appendNote(out, n);
    }
}

} // namespace

std::string issueMarkdown(const IssueReport& report)
{
    std::string out;
    appendIssue(out, report, "##");
    return out;
}

std::string eventMarkdown(const IssueReport& report)
{
    std::string out = "## " + markdownEscape(displayTitle(report.issue)) + "\n\n";
    appendEventSections(out, report, "##");
    return out;
}

std::string renderMarkdown(const std::vector<IssueReport>& issues, const ReportHeader& header)
{
    std::string out = "# " + esc(header.title) + "\n\n";
    out += "Generated " + esc(header.generatedAt);
    if (!header.selection.empty())
        out += " for " + esc(header.selection);
    out += ", " + std::to_string(issues.size()) + " issues" + (header.redacted ? ", redacted" : "") + ".\n\n";
    for (const IssueReport& r : issues)
        appendIssue(out, r, "##");
    return out;
}

} // namespace stackdeck::report
