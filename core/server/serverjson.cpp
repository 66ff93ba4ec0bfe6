#include "serverjson.h"

namespace stackdeck::server {

std::string text(const nlohmann::json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    if (it == object.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return std::to_string(it->get<std::int64_t>());
    return {};
}

std::int64_t number(const nlohmann::json& object, const char* key)
{
    if (!object.is_object())
        return 0;
    const auto it = object.find(key);
    if (it == object.end())
        return 0;
    if (it->is_number_integer())
        return it->get<std::int64_t>();
    if (it->is_string()) {
        try {
            return std::stoll(it->get<std::string>());
        } catch (const std::exception&) {
            return 0; // a count that is no number counts as none
        }
    }
    return 0;
}

bool flag(const nlohmann::json& object, const char* key)
{
    if (!object.is_object())
        return false;
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

store::ServerIssueRow issueRowFromJson(const nlohmann::json& issue)
{
    store::ServerIssueRow row;
    row.serverId = text(issue, "id");
    row.shortId = text(issue, "shortId");
    row.permalink = text(issue, "permalink");
    row.title = text(issue, "title");
    row.culprit = text(issue, "culprit");
    row.level = text(issue, "level");
    row.status = text(issue, "status");
    row.substatus = text(issue, "substatus");
    row.bookmarked = flag(issue, "isBookmarked");
    row.bookmarkKnown = issue.is_object() && issue.contains("isBookmarked");
    row.hasSeen = flag(issue, "hasSeen");
    row.count = number(issue, "count");
    row.userCount = number(issue, "userCount");
    row.firstSeen = text(issue, "firstSeen");
    row.lastSeen = text(issue, "lastSeen");
    if (const auto project = issue.find("project"); project != issue.end())
        row.platform = text(*project, "platform");
    if (const auto metadata = issue.find("metadata"); metadata != issue.end() && metadata->is_object())
        row.metadataJson = metadata->dump();
    if (const auto assignee = issue.find("assignedTo"); assignee != issue.end() && assignee->is_object()) {
        nlohmann::json kept
            = {{"type", text(*assignee, "type")}, {"id", text(*assignee, "id")}, {"name", text(*assignee, "name")}};
        row.assigneeJson = kept.dump();
        row.assigneeName = text(*assignee, "email").empty() ? text(*assignee, "name") : text(*assignee, "email");
    }
    return row;
}

} // namespace stackdeck::server
