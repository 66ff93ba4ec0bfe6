// planRegroup: every stored event grouped again with the candidate rules, on
// worker threads, and replayed in row order through the writer's rules for
// joining issues, so the plan is what applyRegroup will do.

#include "candidategroupings.h"
#include "groupsimulator.h"
#include "importer/storedeventscan.h"
#include "planbuilder.h"
#include "regroupplan.h"
#include "store/workspace.h"

#include <chrono>

namespace stackdeck::regroup {

RegroupPlan planRegroup(const std::string& workspacePath, const RegroupOptions& options,
    const std::atomic<bool>* cancel, const ProgressFn& progress)
{
    const auto started = std::chrono::steady_clock::now();
    RegroupPlan plan;
    auto ws = store::Workspace::open(workspacePath, store::Workspace::Mode::ReadOnly);
    if (!ws) {
        plan.fatalError = ws.error().message;
        return plan;
    }
    sql::Database& db = (*ws)->db();
    auto groupings = candidateGroupings(db, options);
    if (!groupings) {
        plan.fatalError = groupings.error().message;
        return plan;
    }

    StoredEventScanOptions scan;
    scan.project = options.project;
    scan.errorsOnly = true;
    scan.groupingOnly = true;
    scan.groupings = groupings.value();
    scan.workers = options.workers;
    GroupSimulator simulator;
    PlanBuilder builder;
    const StoredEventScanResult result = scanStoredEvents(
        workspacePath, scan,
        [&](std::vector<ScannedEvent>& batch) {
            for (const ScannedEvent& e : batch) {
                if (!e.decoded) {
                    builder.addFailed(); // reindex leaves it ungrouped; it is in no group of the plan
                    continue;
                }
                if (!e.prepared.groupable)
                    continue;
                const std::uint32_t group
                    = simulator.assign(e.prepared.project, e.prepared.hashes, e.prepared.serverGroupId);
                builder.add(e.issue, group, simulator.primaryHash(group));
            }
        },
        cancel, progress);
    if (result.cancelled || !result.fatalError.empty()) {
        plan.cancelled = result.cancelled;
        plan.fatalError = result.fatalError;
    } else {
        try {
            plan = builder.finish(issueTitles(db));
        } catch (const std::exception& e) {
            plan.fatalError = e.what();
        }
    }
    plan.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return plan;
}

} // namespace stackdeck::regroup
