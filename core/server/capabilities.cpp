#include "capabilities.h"

#include <nlohmann/json.hpp>

namespace stackdeck::server {
namespace {

using nlohmann::json;

void put(json& out, const char* key, const std::optional<bool>& value)
{
    if (value)
        out[key] = *value;
}

std::optional<bool> get(const json& in, const char* key)
{
    if (in.contains(key) && in[key].is_boolean())
        return in[key].get<bool>();
    return std::nullopt;
}

bool endsWith(const std::string& text, const std::string& tail)
{
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

bool ServerCapabilities::supports(const std::string& field) const
{
    if (field == "isBookmarked")
        return bookmarks.value_or(true);
    if (field == "assignedTo")
        return assignment.value_or(true);
    return true;
}

void ServerCapabilities::learnFromIssue(const json& issue)
{
    if (!issue.is_object())
        return;
    // A field once refused stays refused; one the issues lack is not there.
    if (bookmarks.value_or(true))
        bookmarks = issue.contains("isBookmarked");
    if (assignment.value_or(true))
        assignment = issue.contains("assignedTo");
}

void ServerCapabilities::learnFromSync(const std::string& host, bool sawRateLimitHeaders)
{
    rateLimitHeaders = sawRateLimitHeaders || rateLimitHeaders.value_or(false);
    if (host == "sentry.io" || endsWith(host, ".sentry.io"))
        flavor = Flavor::SentryCloud;
    else if (bookmarks == false)
        flavor = Flavor::GlitchTip; // every Sentry serializes isBookmarked; GlitchTip has no bookmarks
    else if (bookmarks == true)
        flavor = Flavor::SelfHostedSentry;
}

void ServerCapabilities::refused(const std::string& field)
{
    if (field == "isBookmarked")
        bookmarks = false;
    else if (field == "assignedTo")
        assignment = false;
}

std::string ServerCapabilities::toJson() const
{
    json out = json::object();
    out["flavor"] = flavorName(flavor);
    put(out, "bookmarks", bookmarks);
    put(out, "assignment", assignment);
    put(out, "rateLimitHeaders", rateLimitHeaders);
    return out.dump();
}

ServerCapabilities ServerCapabilities::fromJson(const std::string& text)
{
    ServerCapabilities out;
    const json in = json::parse(text, nullptr, false);
    if (!in.is_object())
        return out;
    const std::string flavor = in.value("flavor", std::string());
    for (const auto f : {Flavor::SentryCloud, Flavor::SelfHostedSentry, Flavor::GlitchTip}) {
        if (flavor == flavorName(f))
            out.flavor = f;
    }
    out.bookmarks = get(in, "bookmarks");
    out.assignment = get(in, "assignment");
    out.rateLimitHeaders = get(in, "rateLimitHeaders");
    return out;
}

const char* flavorName(ServerCapabilities::Flavor flavor)
{
    switch (flavor) {
    case ServerCapabilities::Flavor::SentryCloud:
        return "sentry.io";
    case ServerCapabilities::Flavor::SelfHostedSentry:
        return "self-hosted";
    case ServerCapabilities::Flavor::GlitchTip:
        return "glitchtip";
    case ServerCapabilities::Flavor::Unknown:
        break;
    }
    return "unknown";
}

std::string capabilityName(const std::string& field)
{
    if (field == "isBookmarked")
        return "bookmarks";
    if (field == "assignedTo")
        return "assignment";
    return field;
}

} // namespace stackdeck::server
