// The what-if "before / after" of one stored event: its grouping with details
// under the project's stored rules and under candidate rules. Both sides are
// computed (never the server's stored hashes), so the two trees compare.

#include "formats/recorddecoder.h"
#include "regroupplan.h"
#include "store/eventqueries.h"

namespace stackdeck::regroup {

Result<EventGroupingComparison> compareEventGrouping(
    sql::Database& db, EventRowId event, const ProjectRules& candidate)
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
        auto payload = store::loadPayload(db, event);
        if (!payload)
            return payload.error();
        auto decoded = decodeJson(std::move(payload->json), payload->itemType, payload->contentType);
        if (!decoded)
            return decoded.error();
        if (decoded->events.empty())
            return Error {"the stored payload holds no event"};
        const Event& e = decoded->events.front().event;
        EventGroupingComparison out;
        out.before = grouping::computeGrouping(e, groupingConfigFor(stored.value(), true));
        out.after = grouping::computeGrouping(e, groupingConfigFor(candidate, true));
        return out;
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
}

} // namespace stackdeck::regroup
