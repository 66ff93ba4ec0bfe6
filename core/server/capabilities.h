#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace stackdeck::server {

// What an account's server showed it can do, learned from what it answers
// (never from a version string): the fields its issues carry, whether it
// sends rate-limit headers, and updates it refused. Kept with the account
// (server_accounts.capabilities) so a push keeps what the server cannot take
// local from the start instead of failing it.
struct ServerCapabilities {
    enum class Flavor { Unknown, SentryCloud, SelfHostedSentry, GlitchTip };
    Flavor flavor = Flavor::Unknown;
    std::optional<bool> bookmarks; // issues carry isBookmarked; nullopt: not seen yet
    std::optional<bool> assignment; // issues carry assignedTo and updates of it are taken
    std::optional<bool> rateLimitHeaders; // X-Sentry-Rate-Limit-* on answers (off on self-hosted)

    bool operator==(const ServerCapabilities&) const = default;

    // False only when the server showed it cannot take the outbox field.
    bool supports(const std::string& field) const;
    // What an issue of the list or detail says (the fields it carries).
    void learnFromIssue(const nlohmann::json& issue);
    // After a sync: whether any answer carried rate-limit headers, and the flavor that follows.
    void learnFromSync(const std::string& host, bool sawRateLimitHeaders);
    // The server refused an update of the field (404, 405, or it lacks the field).
    void refused(const std::string& field);

    std::string toJson() const;
    static ServerCapabilities fromJson(const std::string& text); // bad or empty text: nothing known
};

const char* flavorName(ServerCapabilities::Flavor flavor); // sentry.io, self-hosted, glitchtip, unknown
// "bookmarks" for isBookmarked, "assignment" for assignedTo, the field otherwise.
std::string capabilityName(const std::string& field);

} // namespace stackdeck::server
