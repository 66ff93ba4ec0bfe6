#pragma once

#include "releaseorder.h"
#include "triagestate.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::triage {

// What arrived for one issue since its status last changed.
struct NewEvents {
    std::int64_t count = 0; // events since the status changed (0: only the clock moved)
    std::int64_t eventCount = 0; // the event_count and user_count now
    std::int64_t userCount = 0;
    std::vector<ReleaseInfo> releases; // distinct releases of those events ("" for none)
};

// An issue going back to unresolved, and why (for the activity log).
struct Reopening {
    Substatus substatus = Substatus::Ongoing;
    std::string reason;
};

// Sentry's rules for a resolved or ignored issue when events arrive or time passes:
//   resolved                 any new event: regressed
//   resolved in release R    an event of a release later than R (isLaterRelease): regressed;
//                            `resolvedRelease` carries R's first sighting
//   resolved in next release an event of another release than the one current when
//                            resolved (events without a release do not count): regressed
//   ignored until time       the time has passed: ongoing (the snooze simply ended)
//   ignored until N events   N more events than when ignored: escalating
//   ignored until N users    N more users than when ignored: escalating
// (Sentry marks an issue that comes back because its volume grew as escalating,
// and one whose snooze ran out as ongoing.) Ignored forever and unresolved
// issues never change here. `now` is microseconds since the epoch.
std::optional<Reopening> reevaluate(
    const TriageState& state, const NewEvents& events, const ReleaseInfo& resolvedRelease, std::int64_t now);

} // namespace stackdeck::triage
