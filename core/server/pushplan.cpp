#include "pushplan.h"

#include <algorithm>

namespace stackdeck::server {
namespace {

using nlohmann::json;

json parsed(const std::string& text)
{
    return text.empty() ? json() : json::parse(text, nullptr, false);
}

std::string statusWord(const json& value)
{
    if (!value.is_object())
        return {};
    const std::string s = value.value("status", std::string());
    if (s == "muted")
        return "ignored"; // the older word for the same state
    if (s == "resolvedInNextRelease")
        return "resolved";
    return s;
}

std::string textOf(const json& object, const char* key)
{
    if (!object.is_object() || !object.contains(key))
        return {};
    const json& v = object[key];
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    return {};
}

// Does the server's assignee answer to the local name (the pulled name, an
// e-mail, a username, or "user:ID" / "team:ID")?
bool sameAssignee(const json& assigned, const std::string& local)
{
    if (!assigned.is_object())
        return local.empty();
    if (local.empty())
        return false;
    const std::string type = textOf(assigned, "type");
    const std::string id = textOf(assigned, "id");
    return local == textOf(assigned, "name") || local == textOf(assigned, "email")
        || local == textOf(assigned, "username") || local == type + ":" + id || (type == "user" && local == id);
}

bool matches(const std::string& field, const json& value, const json& issue)
{
    if (field == "status")
        return statusWord(value) == statusWord(issue);
    if (field == "assignedTo")
        return sameAssignee(issue.contains("assignedTo") ? issue["assignedTo"] : json(),
            value.is_string() ? value.get<std::string>() : std::string());
    const json& server = issue[field];
    return server.is_boolean() && value.is_boolean() && server.get<bool>() == value.get<bool>();
}

} // namespace

FieldCheck checkField(const std::string& field, const std::string& before, const std::string& after, const json& issue)
{
    // What the server does not say it has, it cannot take (GlitchTip has no
    // bookmarks; older GlitchTip no assignment).
    if (field != "status" && !issue.contains(field))
        return FieldCheck::Unsupported;
    if (matches(field, parsed(after), issue))
        return FieldCheck::Already;
    if (before.empty() || matches(field, parsed(before), issue))
        return FieldCheck::Send;
    return FieldCheck::Conflict;
}

json serverValue(const std::string& field, const json& issue)
{
    if (field == "status") {
        json out = {{"status", issue.value("status", std::string())}};
        if (issue.contains("substatus") && issue["substatus"].is_string())
            out["substatus"] = issue["substatus"];
        return out;
    }
    if (field == "assignedTo") {
        const json a = issue.contains("assignedTo") ? issue["assignedTo"] : json();
        return a.is_object() ? json(textOf(a, "name")) : json("");
    }
    return issue.contains(field) ? issue[field] : json();
}

json updateBody(const std::string& field, const std::string& after, std::int64_t nowMicros)
{
    const json value = parsed(after);
    if (field != "status")
        return {{field, value}};
    json body = {{"status", value.value("status", std::string("unresolved"))}};
    if (value.contains("substatus"))
        body["substatus"] = value["substatus"];
    if (value.contains("statusDetails")) {
        json details = value["statusDetails"];
        if (details.contains("ignoreUntil")) {
            const std::int64_t until = details["ignoreUntil"].get<std::int64_t>();
            details.erase("ignoreUntil");
            details["ignoreDuration"] = std::max<std::int64_t>(1, (until - nowMicros + 59'999'999) / 60'000'000);
        }
        body["statusDetails"] = details;
    }
    return body;
}

} // namespace stackdeck::server
