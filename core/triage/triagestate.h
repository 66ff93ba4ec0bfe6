#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::triage {

// Sentry's status set. The store keeps Unresolved, Resolved and Ignored in
// issues.status (0, 1, 2, as before) and the two release-bound resolutions in
// issues.resolution, so `is:resolved` finds all three kinds of resolved.
enum class Status { Unresolved, Resolved, ResolvedInNextRelease, ResolvedInRelease, Ignored };

std::string_view statusName(Status s); // unresolved, resolved, resolvedInNextRelease, resolvedInRelease, ignored
std::optional<Status> parseStatus(std::string_view name);
std::int64_t storedStatus(Status s); // issues.status: 0, 1 or 2
std::string_view storedResolution(Status s); // issues.resolution: "", inNextRelease, inRelease

// Sentry's substatuses. Unresolved: new, ongoing, regressed, escalating;
// ignored: archived (Sentry's "archived until ..." are ignore conditions here).
enum class Substatus { None, New, Ongoing, Regressed, Escalating, Archived };
std::string_view substatusName(Substatus s); // "" for None
std::optional<Substatus> parseSubstatus(std::string_view name);

enum class Priority { None, High, Medium, Low };
std::string_view priorityName(Priority p); // "" for None
std::optional<Priority> parsePriority(std::string_view name);

// What ends an ignore; none set = ignored forever. Counts are "this many more
// than when ignored": the store keeps the baselines next to them.
struct IgnoreConditions {
    std::int64_t untilMicros = 0; // 0: no time limit
    std::int64_t moreEvents = 0; // 0: no event condition
    std::int64_t moreUsers = 0;

    bool any() const { return untilMicros != 0 || moreEvents != 0 || moreUsers != 0; }
    bool operator==(const IgnoreConditions&) const = default;
};

// An issue's triage state as the rules see it.
struct TriageState {
    Status status = Status::Unresolved;
    Substatus substatus = Substatus::None;
    std::string resolvedRelease; // inRelease: the release; inNextRelease: the release current then
    std::int64_t statusChangedAt = 0; // microseconds
    IgnoreConditions ignore;
    std::int64_t baseEvents = 0; // event_count and user_count when ignored
    std::int64_t baseUsers = 0;
};

// Why a change of status is or is not allowed. Every status can go to every
// other; what the rules refuse is a resolve "in release" without a release.
std::optional<std::string> checkTransition(Status to, std::string_view release, const IgnoreConditions& ignore);

// The substatus an issue takes when a person sets its status (Sentry: a
// manual unresolve is "ongoing", an ignore is "archived", resolved has none).
Substatus substatusForManualChange(Status to);

} // namespace stackdeck::triage
