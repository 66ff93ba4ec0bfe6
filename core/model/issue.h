#pragma once

#include "ids.h"
#include "level.h"
#include "timestamp.h"

#include <QMetaType>

#include <cstdint>
#include <optional>
#include <string>

namespace stackdeck {

enum class IssueStatus : std::uint8_t { Unresolved, Resolved, Ignored };

std::string_view issueStatusName(IssueStatus status);
std::optional<IssueStatus> parseIssueStatus(std::string_view name);

// An issue (group): events that share a grouping hash, with the aggregates
// kept up to date at import time.
struct Issue {
    IssueId id;
    ProjectId project;
    std::string projectName;
    std::string primaryHash;
    std::string title;
    std::string culprit;
    std::string type; // "error", "default", "csp", ...
    Level level = Level::Error;
    std::string platform;
    Micros firstSeen = 0;
    Micros lastSeen = 0;
    std::int64_t eventCount = 0;
    std::int64_t userCount = 0;
    IssueStatus status = IssueStatus::Unresolved;
    std::string assignee;
    bool bookmarked = false;
    std::string firstRelease;
    std::string lastRelease;
    std::string serverId; // the server's issue id for synced issues
    std::string shortId;
    std::string message; // metadata.value: the exception value or message behind the title

    bool operator==(const Issue&) const = default;
};

// The title to show. Sentry titles an event whose exception is synthetic (a
// message sent with a stack trace) by the function of its crash frame, which
// for anonymous JavaScript functions is "?"; such a title says nothing, so
// the message stands in for it. The stored title stays Sentry's.
std::string displayTitle(const Issue& issue);
// True when displayTitle() is not the stored title.
bool titleIsStandIn(const Issue& issue);

} // namespace stackdeck

Q_DECLARE_METATYPE(stackdeck::Issue)
