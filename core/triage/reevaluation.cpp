#include "reevaluation.h"

namespace stackdeck::triage {

namespace {

std::string quote(const std::string& release)
{
    return release.empty() ? std::string("(none)") : "'" + release + "'";
}

std::optional<Reopening> regressed(std::string reason)
{
    return Reopening {Substatus::Regressed, std::move(reason)};
}

std::optional<Reopening> ignoredTrip(const TriageState& state, const NewEvents& events, std::int64_t now)
{
    const IgnoreConditions& c = state.ignore;
    if (c.moreEvents > 0 && events.eventCount - state.baseEvents >= c.moreEvents)
        return Reopening {Substatus::Escalating,
            "unignored: " + std::to_string(events.eventCount - state.baseEvents)
                + " more events since it was ignored (ignored until " + std::to_string(c.moreEvents) + " more events)"};
    if (c.moreUsers > 0 && events.userCount - state.baseUsers >= c.moreUsers)
        return Reopening {Substatus::Escalating,
            "unignored: " + std::to_string(events.userCount - state.baseUsers)
                + " more users since it was ignored (ignored until " + std::to_string(c.moreUsers) + " more users)"};
    if (c.untilMicros > 0 && now >= c.untilMicros)
        return Reopening {Substatus::Ongoing, "unignored: the time it was ignored for has passed"};
    return std::nullopt;
}

} // namespace

std::optional<Reopening> reevaluate(
    const TriageState& state, const NewEvents& events, const ReleaseInfo& resolvedRelease, std::int64_t now)
{
    switch (state.status) {
    case Status::Unresolved:
        return std::nullopt;
    case Status::Ignored:
        return ignoredTrip(state, events, now);
    case Status::Resolved:
        if (events.count > 0)
            return regressed("regressed: a new event arrived after it was resolved");
        return std::nullopt;
    case Status::ResolvedInRelease:
        for (const ReleaseInfo& r : events.releases) {
            if (isLaterRelease(r, resolvedRelease))
                return regressed("regressed: an event of release " + quote(r.version) + ", later than "
                    + quote(resolvedRelease.version) + " it was resolved in");
        }
        return std::nullopt;
    case Status::ResolvedInNextRelease:
        for (const ReleaseInfo& r : events.releases) {
            if (!r.version.empty() && r.version != resolvedRelease.version)
                return regressed("regressed: an event of release " + quote(r.version)
                    + ", after it was resolved in the release following " + quote(resolvedRelease.version));
        }
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace stackdeck::triage
