#include "formats/eventencoder.h"
#include "renderers.h"
#include "reportsections.h"
#include "textescape.h"

namespace stackdeck::report {

namespace {

std::string row(const std::vector<std::string>& cells)
{
    std::string out;
    for (std::size_t k = 0; k < cells.size(); ++k)
        out += (k ? "," : "") + csvField(cells[k]);
    return out + "\r\n";
}

std::string topTags(const IssueReport& r)
{
    std::string out;
    for (const auto& t : r.tags) {
        if (t.topValues.empty())
            continue;
        out += (out.empty() ? "" : "; ") + t.key + '=' + t.topValues.front().value;
    }
    return out;
}

} // namespace

std::string renderCsv(const std::vector<IssueReport>& issues)
{
    std::string out = row({"id", "title", "culprit", "level", "status", "assignee", "events", "users", "first_seen",
        "last_seen", "project", "event_id", "exception_type", "exception_value", "request", "top_tags", "notes"});
    for (const IssueReport& r : issues) {
        const Issue& i = r.issue;
        const IssueSections s = sectionsOf(r);
        const ExceptionSummary* ex = s.exceptions.empty() ? nullptr : &s.exceptions.front();
        std::string request;
        if (s.request)
            request
                = s.request->method + ' ' + s.request->url + (s.request->status.empty() ? "" : " " + s.request->status);
        out += row({std::to_string(i.id.value), displayTitle(i), i.culprit, std::string(levelName(i.level)),
            std::string(issueStatusName(i.status)), i.assignee, std::to_string(i.eventCount),
            std::to_string(i.userCount), formatIsoTimestamp(i.firstSeen), formatIsoTimestamp(i.lastSeen), i.projectName,
            s.eventId, ex ? ex->type : std::string(), ex ? ex->value : std::string(), request, topTags(r),
            std::to_string(r.notes.size())});
    }
    return out;
}

std::string renderJson(const std::vector<IssueReport>& issues, const ReportHeader& header, bool normalized)
{
    nlohmann::json list = nlohmann::json::array();
    for (const IssueReport& r : issues) {
        const Issue& i = r.issue;
        nlohmann::json tags = nlohmann::json::array();
        for (const auto& t : r.tags) {
            nlohmann::json values = nlohmann::json::array();
            for (const auto& v : t.topValues)
                values.push_back({{"value", v.value}, {"count", v.count}});
            tags.push_back({{"key", t.key}, {"total", t.total}, {"values", values}});
        }
        nlohmann::json notes = nlohmann::json::array();
        for (const auto& n : r.notes)
            notes.push_back({{"target", n.target}, {"author", n.author},
                {"created_at", formatIsoTimestamp(n.createdAt)}, {"text", n.text}});
        nlohmann::json event;
        if (normalized && r.event)
            event = nlohmann::json::parse(encodeEventJson(*r.event), nullptr, false);
        else
            event = r.eventJson;
        nlohmann::json item = {{"id", i.id.value}, {"title", displayTitle(i)}, {"culprit", i.culprit},
            {"level", std::string(levelName(i.level))}, {"status", std::string(issueStatusName(i.status))},
            {"assignee", i.assignee}, {"events", i.eventCount}, {"users", i.userCount},
            {"first_seen", formatIsoTimestamp(i.firstSeen)}, {"last_seen", formatIsoTimestamp(i.lastSeen)},
            {"project", i.projectName}, {"tags", tags}, {"notes", notes}, {"event", event}};
        if (header.redacted)
            item["redaction_log"] = r.redactionLog;
        if (!r.eventError.empty())
            item["event_error"] = r.eventError;
        list.push_back(std::move(item));
    }
    nlohmann::json doc
        = {{"report",
               {{"title", header.title}, {"generated_at", header.generatedAt}, {"selection", header.selection},
                   {"redacted", header.redacted}, {"event_shape", normalized ? "normalized" : "raw"}}},
            {"issues", list}};
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

} // namespace stackdeck::report
