// The what-if "before / after" of one stored event: its grouping with details
// under the project's stored rules and under candidate rules. Both sides are
// computed (never the server's stored hashes), so the two trees compare.

#include "regroupplan.h"
#include "store/eventqueries.h"
#include "store/storedevent.h"

namespace stackdeck::regroup {

Result<EventGroupingComparison> compareEventGrouping(sql::Database& db, EventRowId event, const ProjectRules& candidate)
{
    if (const auto errors = validateRules(candidate); !errors.empty())
        return Error {describe(errors.front())};
    try {
        const auto row = store::eventByRow(db, event);
        if (!row)
            return Error {"no stored event " + std::to_string(event.value)};
        auto stored = loadProjectRules(db, row->project);
        if (!stored)
            return stored.error();
        const auto loaded = store::loadStoredEvent(db, *row);
        if (!loaded)
            return loaded.error();
        const Event& e = loaded->event;
        EventGroupingComparison out;
        out.before = grouping::computeGrouping(e, groupingConfigFor(stored.value(), true));
        out.after = grouping::computeGrouping(e, groupingConfigFor(candidate, true));
        return out;
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
}

} // namespace stackdeck::regroup
