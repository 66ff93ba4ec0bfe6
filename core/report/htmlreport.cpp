#include "renderers.h"
#include "reportsections.h"
#include "textescape.h"

namespace stackdeck::report {

namespace {

// Every piece of event text goes through this one function.
std::string h(std::string_view s)
{
    return htmlEscape(s);
}

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #1d1d1f; background: #ffffff; margin: 24px; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 0; } h3 { font-size: 11pt; margin-bottom: 4px; }
.issue { page-break-before: always; border-top: 2px solid #6a5fc1; padding-top: 8px; }
.first { page-break-before: auto; }
.meta { color: #555555; }
table { border-collapse: collapse; }
td, th { border: 1px solid #cccccc; padding: 2px 6px; vertical-align: top; text-align: left; }
pre { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; background: #f4f4f6; padding: 4px; white-space: pre-wrap; }
.frame { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.lib { color: #777777; }
.hl { background: #fff3c4; }
.note { white-space: pre-wrap; }
)";

// For screens that ask for it. Left out of the PDF: paper is white, and Qt's
// CSS parser does not know media features (it mis-reads the rules before them).
constexpr const char* kDarkStyle = R"(
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e9; background: #1c1c1f; }
  .meta { color: #a8a8b0; }
  td, th { border-color: #4a4a52; }
  pre { background: #2a2a30; }
  .lib { color: #8e8e96; }
  .hl { background: #5a4a10; }
  .issue { border-top-color: #9a90e8; }
}
)";

void appendException(std::string& out, const ExceptionSummary& ex)
{
    out += "<p><b>" + h(ex.type.empty() ? std::string("Error") : ex.type) + "</b>";
    if (!ex.value.empty())
        out += ": " + h(ex.value);
    out += "</p>\n";
    for (const FrameSummary& f : ex.frames) {
        out += std::string("<div class=\"frame") + (f.inApp ? "" : " lib") + "\">" + h(f.function);
        if (!f.location.empty())
            out += " <span class=\"meta\">in " + h(f.location) + "</span>";
        out += "</div>\n";
        if (f.context.empty())
            continue;
        out += "<pre>";
        for (const auto& [line, text] : f.context) {
            const bool current = f.lineno && line == *f.lineno;
            out += std::string(current ? "<span class=\"hl\">" : "") + std::to_string(line) + (current ? " > " : "   ")
                + h(text) + (current ? "</span>" : "") + '\n';
        }
        out += "</pre>\n";
    }
    if (ex.omittedFrames > 0)
        out += "<p class=\"meta\">" + std::to_string(ex.omittedFrames) + " more frames not shown</p>\n";
}

void appendEvent(std::string& out, const IssueReport& r)
{
    if (!r.eventError.empty())
        out += "<p class=\"meta\">The event could not be read: " + h(r.eventError) + "</p>\n";
    if (!r.event)
        return;
    const IssueSections s = sectionsOf(r);
    out += "<h3>Event " + h(s.eventId) + "</h3>\n<p class=\"meta\">" + h(s.eventTime);
    if (!s.release.empty())
        out += " &middot; release " + h(s.release);
    if (!s.environment.empty())
        out += " &middot; " + h(s.environment);
    if (r.redactionsApplied > 0)
        out += " &middot; " + std::to_string(r.redactionsApplied) + " redactions";
    out += "</p>\n";
    if (!s.message.empty())
        out += "<pre>" + h(s.message) + "</pre>\n";
    for (const ExceptionSummary& ex : s.exceptions)
        appendException(out, ex);
    if (s.request) {
        out += "<h3>Request</h3>\n<p class=\"frame\">" + h(s.request->method) + " " + h(s.request->url);
        if (!s.request->status.empty())
            out += " &rarr; " + h(s.request->status);
        out += "</p>\n";
    }
    if (!s.breadcrumbs.empty()) {
        out += "<h3>Breadcrumbs (last " + std::to_string(s.breadcrumbs.size()) + " of "
            + std::to_string(s.totalBreadcrumbs) + ")</h3>\n<table>\n";
        for (const BreadcrumbSummary& b : s.breadcrumbs) {
            out += "<tr><td>" + h(b.time) + "</td><td>" + h(b.category) + "</td><td>" + h(b.level) + "</td><td>"
                + h(b.text) + "</td></tr>\n";
        }
        out += "</table>\n";
    }
}

void appendIssue(std::string& out, const IssueReport& r, bool first)
{
    const Issue& i = r.issue;
    out += std::string("<div class=\"issue") + (first ? " first" : "") + "\">\n";
    out += "<h2>#" + std::to_string(i.id.value) + " " + h(displayTitle(i)) + "</h2>\n";
    if (!i.culprit.empty())
        out += "<p class=\"meta\">" + h(i.culprit) + "</p>\n";
    out += "<table>\n<tr><th>Status</th><td>" + h(issueStatusName(i.status))
        + (i.assignee.empty() ? std::string() : ", assigned to " + h(i.assignee)) + "</td></tr>\n";
    out += "<tr><th>Events</th><td>" + std::to_string(i.eventCount) + "</td></tr>\n<tr><th>Users</th><td>"
        + std::to_string(i.userCount) + "</td></tr>\n";
    out += "<tr><th>First seen</th><td>" + h(reportTime(i.firstSeen)) + "</td></tr>\n<tr><th>Last seen</th><td>"
        + h(reportTime(i.lastSeen)) + "</td></tr>\n";
    out += "<tr><th>Level</th><td>" + h(levelName(i.level)) + "</td></tr>\n<tr><th>Project</th><td>" + h(i.projectName)
        + "</td></tr>\n</table>\n";
    appendEvent(out, r);
    if (!r.tags.empty()) {
        out += "<h3>Tags</h3>\n<table>\n";
        for (const auto& t : r.tags) {
            out += "<tr><th>" + h(t.key) + "</th><td>";
            for (std::size_t k = 0; k < t.topValues.size(); ++k)
                out += (k ? ", " : "") + h(t.topValues[k].value) + " (" + std::to_string(t.topValues[k].count) + ")";
            out += "</td></tr>\n";
        }
        out += "</table>\n";
    }
    if (!r.notes.empty()) {
        out += "<h3>Notes</h3>\n";
        for (const auto& n : r.notes) {
            out += "<p><span class=\"meta\">Note on " + h(n.target) + ", " + h(n.author) + ", "
                + h(reportTime(n.createdAt)) + "</span><br>\n<span class=\"note\">" + h(n.text) + "</span></p>\n";
        }
    }
    out += "</div>\n";
}

} // namespace

std::string renderHtml(const std::vector<IssueReport>& issues, const ReportHeader& header)
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'\">\n"
                      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>"
        + h(header.title) + "</title>\n<style>" + kStyle + (header.forPrint ? "" : kDarkStyle)
        + "</style>\n</head>\n<body>\n";
    out += "<h1>" + h(header.title) + "</h1>\n<p class=\"meta\">Generated " + h(header.generatedAt);
    if (!header.selection.empty())
        out += " for " + h(header.selection);
    out += ", " + std::to_string(issues.size()) + " issues" + (header.redacted ? ", redacted" : "") + ".</p>\n";
    for (std::size_t k = 0; k < issues.size(); ++k)
        appendIssue(out, issues[k], k == 0);
    out += "</body>\n</html>\n";
    return out;
}

} // namespace stackdeck::report
