// Rebuilding only the issues a regroup changes.
//
// Pass 1 groups every stored error event with the new rules and replays the
// joins in row order (GroupSimulator, exactly as the plan does); it also
// notes every event whose hashes, title or culprit differ from its row. An
// old issue is affected when it splits or merges, has such an event, or
// shares a group with events that had no issue; every group an affected
// issue feeds is affected, and so is every issue feeding such a group, until
// nothing more joins. Each unaffected issue is then one group with exactly
// its events, unchanged: a full rebuild would write it back as it is.
//
// Pass 2 deletes the affected issues with their derived rows and writes
// their events again from the stored originals, each into the issue of its
// group (a group's issue takes its first event's old id when that is free,
// as in a full rebuild). issue_hashes then gets the replay's hash owners.
// Search rows cannot be deleted from the contentless index: the rebuilt
// issues' old rows are marked stale (search_stale) and no longer match.

#include "regroupaffected.h"

#include "groupsimulator.h"
#include "planbuilder.h"
#include "store/eventwriter.h"
#include "store/issuerebuild.h"

#include <algorithm>
#include <memory>
#include <unordered_set>

namespace stackdeck::regroup {

namespace {

// Events Mode::Auto looks at before it judges whether most events change.
constexpr std::int64_t kAutoSample = 20'000;

struct ReplayedEvent {
    std::int64_t row = 0;
    std::uint32_t group = 0;
};

struct Replay {
    GroupSimulator simulator;
    PlanBuilder builder;
    std::vector<ReplayedEvent> events; // groupable, decoded, in row order
    std::unordered_set<std::int64_t> dirty; // old issues (0: none) with an event whose grouping facts change
    std::int64_t scanned = 0;
};

// The old issues to rebuild and the groups they feed, closed under "feeds
// the same group".
struct Affected {
    std::unordered_set<std::int64_t> issues;
    std::vector<char> groups; // by group index
};

Affected findAffected(const Replay& replay, const RegroupPlan& plan)
{
    Affected out;
    out.issues = replay.dirty;
    out.issues.insert(0); // events that had no issue: whatever group they join is written again
    for (const AffectedIssue& a : plan.affected)
        out.issues.insert(a.id.value);
    out.groups.assign(replay.builder.groupCount(), 0);
    const auto& targets = replay.builder.targets();
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& [issue, list] : targets) {
            const bool affected = out.issues.count(issue) > 0;
            bool feedsAffected = false;
            for (const auto& [group, n] : list)
                feedsAffected = feedsAffected || out.groups[group];
            if (!affected && !feedsAffected)
                continue;
            if (!affected) {
                out.issues.insert(issue);
                grew = true;
            }
            for (const auto& [group, n] : list) {
                if (!out.groups[group]) {
                    out.groups[group] = 1;
                    grew = true;
                }
            }
        }
    }
    out.issues.erase(0);
    return out;
}

// issue_hashes as the replay left it: every hash to its group's issue.
void writeHashOwners(sql::Database& db, store::EventWriter& writer, const GroupSimulator& simulator,
    const std::vector<std::int64_t>& groupIssue)
{
    std::vector<std::int64_t> projectIds;
    store::HashOwnerWriter owners(db);
    simulator.forEachHash([&](std::uint32_t project, const std::string& hash, std::uint32_t group) {
        const std::int64_t issue = groupIssue[group];
        if (issue == 0)
            return; // a group of events that no longer group (none in practice)
        while (projectIds.size() <= project)
            projectIds.push_back(
                writer.ensureProject(simulator.projectName(static_cast<std::uint32_t>(projectIds.size()))).value);
        owners.set(projectIds[project], hash, issue);
    });
}

// Pass 1: every stored error event grouped with the new rules, the joins
// replayed in row order. Done, or TooMany (Mode::Auto, most events change),
// or Stopped (summary says why).
AffectedOutcome replayGrouping(const ApplyContext& ctx, Replay& replay, RegroupSummary& summary)
{
    StoredEventScanOptions first = ctx.scan;
    first.errorsOnly = true;
    first.groupingOnly = true;
    first.compareStored = true;
    // Mode::Auto gives up on the replay as soon as it is clear that most
    // events change: then rebuilding everything is cheaper, and the rest of
    // the replay would be wasted. The scan stops on `stop`, which also
    // follows the caller's cancel.
    std::atomic<bool> stop {false};
    bool tooMany = false;
    std::int64_t seen = 0, changed = 0;
    const StoredEventScanResult firstScan = scanStoredEvents(
        ctx.workspacePath, first,
        [&](std::vector<ScannedEvent>& batch) {
            if (ctx.cancel && ctx.cancel->load())
                stop = true;
            for (const ScannedEvent& e : batch) {
                ++seen;
                changed += e.decoded && e.prepared.groupable && !e.storedSame ? 1 : 0;
                if (!e.decoded) {
                    replay.builder.addFailed(); // stays where it is (without an issue if its issue is rebuilt)
                    continue;
                }
                if (!e.prepared.groupable)
                    continue;
                const std::uint32_t group
                    = replay.simulator.assign(e.prepared.project, e.prepared.hashes, e.prepared.serverGroupId);
                replay.builder.add(e.issue, group, replay.simulator.primaryHash(group));
                replay.events.push_back({e.row.value, group});
                if (!e.storedSame)
                    replay.dirty.insert(e.issue.value);
            }
            if (ctx.mode == RegroupOptions::Mode::Auto && seen >= kAutoSample && changed * 5 > seen * 4) {
                tooMany = true; // four in five events so far change
                stop = true;
            }
        },
        &stop, ctx.progress);
    if (tooMany)
        return AffectedOutcome::TooMany;
    if (firstScan.cancelled || !firstScan.fatalError.empty()) {
        summary.cancelled = firstScan.cancelled;
        summary.fatalError = firstScan.fatalError;
        return AffectedOutcome::Stopped;
    }
    replay.scanned = firstScan.scanned;
    return AffectedOutcome::Done;
}

} // namespace

AffectedOutcome rebuildAffected(const ApplyContext& ctx, RegroupSummary& summary)
{
    // Pass 1: the replay.
    Replay replay;
    if (const AffectedOutcome replayed = replayGrouping(ctx, replay, summary); replayed != AffectedOutcome::Done)
        return replayed;
    RegroupPlan plan = replay.builder.finish([&](IssueId id) {
        auto it = ctx.old.issues.find(id.value);
        return it == ctx.old.issues.end() ? std::string() : it->second.title;
    });
    const Affected affected = findAffected(replay, plan);

    auto rows = std::make_shared<std::vector<std::int64_t>>();
    std::vector<std::uint32_t> rowGroups;
    for (const ReplayedEvent& e : replay.events) {
        if (affected.groups[e.group]) {
            rows->push_back(e.row);
            rowGroups.push_back(e.group);
        }
    }
    if (ctx.mode == RegroupOptions::Mode::Auto && rows->size() * 2 > replay.events.size())
        return AffectedOutcome::TooMany;

    // Every unaffected issue is one group: its own.
    std::vector<std::int64_t> groupIssue(replay.builder.groupCount(), 0);
    for (const auto& [issue, list] : replay.builder.targets()) {
        if (issue != 0 && !affected.issues.count(issue) && list.size() == 1)
            groupIssue[list.front().first] = issue;
    }

    // Pass 2: the affected issues written again.
    store::deleteIssuesAndDerivedRows(ctx.db, affected.issues);
    store::EventWriter writer(ctx.db);
    writer.assignIssueIdsFrom(ctx.maxOldIssue + 1);
    store::BatchCounts counts;
    StoredEventScanOptions second = ctx.scan;
    second.errorsOnly = true;
    second.onlyRows = rows;
    std::size_t next = 0; // into rows / rowGroups: the scan hands events over in the same order
    const std::int64_t before = replay.scanned;
    const StoredEventScanResult secondScan = scanStoredEvents(
        ctx.workspacePath, second,
        [&](std::vector<ScannedEvent>& batch) {
            for (ScannedEvent& e : batch) {
                while (next < rows->size() && (*rows)[next] < e.row.value)
                    ++next;
                if (next == rows->size() || (*rows)[next] != e.row.value || !e.decoded)
                    continue; // cannot happen: pass 1 decoded it
                const std::uint32_t group = rowGroups[next];
                e.prepared.issueIdHint = e.issue.value;
                e.prepared.spans = {}; // grouping does not change them: event_spans stays as it is
                groupIssue[group] = writer.regroupInto(e.row, e.prepared, IssueId(groupIssue[group]), counts).value;
            }
            writer.flush();
        },
        ctx.cancel,
        [&](std::int64_t done, std::int64_t total) {
            if (ctx.progress)
                ctx.progress(before + done, before + total);
        });
    if (secondScan.cancelled || !secondScan.fatalError.empty()) {
        summary.cancelled = secondScan.cancelled;
        summary.fatalError = secondScan.fatalError;
        return AffectedOutcome::Stopped;
    }
    writeHashOwners(ctx.db, writer, replay.simulator, groupIssue);

    // Triage and activity of the rebuilt issues follow their events.
    std::unordered_map<std::int64_t, PlanBuilder::Targets> moved;
    for (const auto& [issue, list] : replay.builder.targets()) {
        if (affected.issues.count(issue))
            moved.emplace(issue, list);
    }
    transferTriage(ctx.db, moved, groupIssue, ctx.old);
    summary.plan = std::move(plan);
    summary.issuesRebuilt = counts.issuesCreated;
    summary.eventsRewritten = static_cast<std::int64_t>(rows->size());
    return AffectedOutcome::Done;
}

} // namespace stackdeck::regroup
