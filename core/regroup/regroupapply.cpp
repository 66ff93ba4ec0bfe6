// applyRegroup: saves the candidate rules and rebuilds the issues they change
// from the stored originals in ONE transaction, so a cancel, an error or a
// crash leaves the workspace exactly as it was. The events are read by the
// scan's own read-only connection, which keeps seeing the committed (old)
// issue of each event while this connection rewrites them.
//
// Two ways to the same result:
// - rebuild what changed (regroupaffected.cpp): replay the grouping of every
//   event (as the plan does), then rebuild only the issues whose events move
//   or whose hashes, title or culprit change. A rule that touches a few error
//   types rewrites a few issues, not the workspace.
// - rebuild everything (below): every issue table is emptied and every event
//   written again through the writer's rules for joining issues.

#include "candidategroupings.h"
#include "importer/reindexjob.h"
#include "importer/storedeventscan.h"
#include "planbuilder.h"
#include "regroupaffected.h"
#include "regroupplan.h"
#include "store/derivedtables.h"
#include "store/eventwriter.h"
#include "store/issuerebuild.h"
#include "store/reindexparking.h"
#include "store/workspace.h"
#include "store/writerlock.h"
#include "triagetransfer.h"

#include <chrono>

namespace stackdeck::regroup {

namespace {

// Every issue rebuilt; false when cancelled or failed (summary says which).
bool rebuildEverything(const ApplyContext& ctx, RegroupSummary& summary)
{
    sql::Database& db = ctx.db;
    store::clearDerivedTables(db, store::DerivedScope::Issues);
    // Every error event gets its issue again below; transactions have none.
    // Only the events that no longer decode lose theirs (afterwards: their
    // old ids may be new issues' ids by then).
    StoredEventScanOptions scan = ctx.scan;
    scan.errorsOnly = true;
    std::vector<std::int64_t> undecodable;

    store::EventWriter writer(db);
    writer.assignIssueIdsFrom(ctx.maxOldIssue + 1);
    store::BatchCounts counts;
    PlanBuilder builder;
    std::unordered_map<std::int64_t, std::uint32_t> groupOf; // new issue -> plan group
    std::vector<std::int64_t> groupIssue;
    const StoredEventScanResult scanned = scanStoredEvents(
        ctx.workspacePath, scan,
        [&](std::vector<ScannedEvent>& batch) {
            for (ScannedEvent& e : batch) {
                if (!e.decoded) {
                    builder.addFailed(); // stays in the workspace, without an issue (as reindex does)
                    undecodable.push_back(e.row.value);
                    continue;
                }
                e.prepared.issueIdHint = e.issue.value;
                e.prepared.spans = {}; // grouping does not change them: event_spans stays as it is
                const IssueId issue = writer.regroup(e.row, e.prepared, counts);
                if (!issue.isValid())
                    continue;
                auto [it, added] = groupOf.try_emplace(issue.value, static_cast<std::uint32_t>(groupIssue.size()));
                if (added)
                    groupIssue.push_back(issue.value);
                builder.add(e.issue, it->second, e.prepared.hashes.empty() ? std::string() : e.prepared.hashes.front());
            }
            writer.flush();
        },
        ctx.cancel, ctx.progress);
    if (scanned.cancelled) {
        summary.cancelled = true;
        return false;
    }
    if (!scanned.fatalError.empty()) {
        summary.fatalError = scanned.fatalError;
        return false;
    }
    store::detachEventsFromIssues(db, undecodable);
    summary.plan = builder.finish([&](IssueId id) {
        auto it = ctx.old.issues.find(id.value);
        return it == ctx.old.issues.end() ? std::string() : it->second.title;
    });
    transferTriage(db, builder.targets(), groupIssue, ctx.old);
    summary.issuesRebuilt = counts.issuesCreated;
    summary.eventsRewritten = scanned.scanned;
    summary.rebuiltEverything = true;
    return true;
}

} // namespace

RegroupSummary applyRegroup(const std::string& workspacePath, const RegroupOptions& options,
    const std::atomic<bool>* cancel, const ProgressFn& progress)
{
    const auto started = std::chrono::steady_clock::now();
    auto finish = [&](RegroupSummary& s) {
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        s.plan.seconds = s.seconds;
        return s;
    };
    RegroupSummary summary;
    auto writerLock = store::WriterLock::acquire(
        workspacePath, store::WriterLock::Kind::Exclusive, "regroup", [&](const std::string& holders) {
            return !(cancel && cancel->load()) && (!options.waitForWriters || options.waitForWriters(holders));
        });
    if (!writerLock) {
        summary.cancelled = cancel && cancel->load();
        if (!summary.cancelled)
            summary.fatalError = writerLock.error().message;
        return finish(summary);
    }
    if (ReindexJob::isInterrupted(workspacePath)) {
        summary.fatalError = "a reindex of this workspace did not finish; run `stackdeck-cli reindex` first";
        return finish(summary);
    }
    auto ws = store::Workspace::open(workspacePath);
    if (!ws) {
        summary.fatalError = ws.error().message;
        return finish(summary);
    }
    sql::Database& db = (*ws)->db();
    try {
        sql::Transaction tx(db);
        for (const ProjectRules& rules : options.rules) {
            const Status saved = saveProjectRules(db, rules);
            if (!saved.ok()) {
                summary.fatalError = rules.project + ": " + saved.error().message;
                return finish(summary);
            }
        }
        StoredEventScanOptions scan;
        scan.groupings = ProjectGroupings::load(db); // the rules just saved
        scan.workers = options.workers;
        OldState old = snapshotIssues(db);
        // Ids of issues the rebuild drops are never given to another issue.
        const std::int64_t maxOldIssue = store::maxIssueId(db);
        store::raiseIssueIdHighWater(db, maxOldIssue);
        const ApplyContext ctx {db, workspacePath, scan, old, maxOldIssue, options.mode, cancel, progress};

        bool done = false;
        if (options.mode != RegroupOptions::Mode::Everything) {
            const AffectedOutcome outcome = rebuildAffected(ctx, summary);
            if (outcome == AffectedOutcome::Stopped)
                return finish(summary); // the transaction rolls back
            done = outcome == AffectedOutcome::Done;
        }
        if (!done && !rebuildEverything(ctx, summary))
            return finish(summary);
        old.parked->drop();
        summary.issuesAfter = store::issueCount(db);
        if (cancel && cancel->load()) {
            summary.cancelled = true;
            return finish(summary);
        }
        tx.commit();
    } catch (const std::exception& e) {
        summary.fatalError = e.what();
    }
    return finish(summary);
}

} // namespace stackdeck::regroup
