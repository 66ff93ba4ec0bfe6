#include "issuemerge.h"

#include "importer/projectgroupings.h"
#include "importer/storedeventscan.h"
#include "store/eventwriter.h"
#include "store/issueactivity.h"
#include "store/issuemergerows.h"
#include "store/issuerebuild.h"
#include "store/localuser.h"

#include <map>
#include <memory>
#include <unordered_set>

namespace stackdeck::regroup {

namespace {

// Writes the events (row, group) again, each into its group's issue; a group
// whose issue is 0 gets a new issue (an id never used). Returns false when
// cancelled or the scan failed (`error` says which).
bool writeEventsInto(const std::string& path, sql::Database& db, const std::vector<std::pair<std::int64_t, int>>& rows,
    std::vector<std::int64_t>& groupIssue, const MergeOptions& options, std::string& error)
{
    auto onlyRows = std::make_shared<std::vector<std::int64_t>>();
    std::map<std::int64_t, int> groupOf;
    for (const auto& [row, group] : rows) {
        onlyRows->push_back(row);
        groupOf.emplace(row, group);
    }
    store::EventWriter writer(db);
    writer.assignIssueIdsFrom(store::nextUnusedIssueId(db));
    store::BatchCounts counts;
    StoredEventScanOptions scan;
    scan.errorsOnly = true;
    scan.onlyRows = onlyRows;
    scan.groupings = ProjectGroupings::load(db);
    const StoredEventScanResult result = scanStoredEvents(
        path, scan,
        [&](std::vector<ScannedEvent>& batch) {
            for (ScannedEvent& e : batch) {
                auto it = groupOf.find(e.row.value);
                if (it == groupOf.end() || !e.decoded)
                    continue;
                e.prepared.issueIdHint = 0;
                e.prepared.spans = {};
                std::int64_t& issue = groupIssue[static_cast<std::size_t>(it->second)];
                issue = writer.regroupInto(e.row, e.prepared, IssueId(issue), counts).value;
            }
            writer.flush();
        },
        options.cancel, options.progress);
    if (result.cancelled)
        error = "cancelled";
    else if (!result.fatalError.empty())
        error = result.fatalError;
    return error.empty();
}

std::string issueList(const std::vector<std::int64_t>& ids)
{
    std::string out;
    for (const std::int64_t id : ids)
        out += (out.empty() ? "#" : ", #") + std::to_string(id);
    return out;
}

void logActivity(sql::Database& db, std::int64_t issue, const std::string& kind, const std::string& text,
    const std::string& author, std::int64_t now)
{
    store::addActivity(db, {0, IssueId(issue), kind, text, author, now, std::nullopt});
}

} // namespace

Result<MergeOutcome> mergeIssues(
    const std::string& path, sql::Database& db, const std::vector<IssueId>& ids, const MergeOptions& options)
{
    try {
        std::vector<std::int64_t> raw;
        for (const IssueId id : ids) {
            if (std::find(raw.begin(), raw.end(), id.value) == raw.end())
                raw.push_back(id.value);
        }
        const auto issues = store::readMergeIssues(db, raw);
        if (issues.size() != raw.size())
            return Error {"no such issue among " + issueList(raw)};
        if (issues.size() < 2)
            return Error {"merging needs at least two issues"};
        for (const auto& i : issues) {
            if (i.project != issues.front().project)
                return Error {"issues of different projects cannot be merged"};
        }
        const std::string author = options.author.empty() ? store::localUserName(db) : options.author;
        const std::int64_t now = options.now != 0 ? options.now : store::nowMicros();
        const std::int64_t target = issues.front().id;
        const std::vector<std::int64_t> sources(raw.begin() + 1, raw.end());

        sql::Transaction tx(db);
        const auto events = store::eventRowsOf(db, sources);
        store::moveToMergeTarget(db, target, sources, now);
        store::rememberIssueIds(db, sources);
        store::deleteIssuesAndDerivedRows(db, std::unordered_set<std::int64_t>(sources.begin(), sources.end()));
        std::vector<std::pair<std::int64_t, int>> rows;
        rows.reserve(events.size());
        for (const auto& [row, hash] : events)
            rows.emplace_back(row, 0);
        std::vector<std::int64_t> groupIssue {target};
        std::string error;
        if (!writeEventsInto(path, db, rows, groupIssue, options, error))
            return error == "cancelled" ? Result<MergeOutcome>(MergeOutcome {IssueId(target), {}, 0, true})
                                        : Result<MergeOutcome>(Error {error});
        logActivity(db, target, "merge", "merged " + issueList(sources) + " into this issue", author, now);
        tx.commit();
        MergeOutcome out {IssueId(target), {}, static_cast<std::int64_t>(rows.size()), false};
        for (const std::int64_t s : sources)
            out.issues.emplace_back(s);
        return out;
    } catch (const std::exception& e) {
        return Error {std::string("merge failed: ") + e.what()};
    }
}

Result<MergeOutcome> unmergeIssue(
    const std::string& path, sql::Database& db, IssueId issue, const MergeOptions& options)
{
    try {
        const auto found = store::readMergeIssues(db, {issue.value});
        if (found.empty())
            return Error {"no issue #" + std::to_string(issue.value)};
        const store::MergeIssueRow& self = found.front();
        const std::string author = options.author.empty() ? store::localUserName(db) : options.author;
        const std::int64_t now = options.now != 0 ? options.now : store::nowMicros();

        sql::Transaction tx(db);
        const auto merged = store::mergedHashes(db, self.id);
        const auto events = store::eventRowsOf(db, {self.id});
        // Group 0 stays; every other group is one part (a merged source, or a primary hash).
        std::map<std::string, int> partOf; // source id or hash -> group
        std::map<int, std::vector<std::string>> partHashes;
        std::vector<std::pair<std::int64_t, int>> rows;
        for (const auto& [row, hash] : events) {
            int group = 0;
            if (auto m = merged.find(hash); m != merged.end())
                group = partOf.emplace("#" + std::to_string(m->second), static_cast<int>(partOf.size()) + 1)
                            .first->second;
            else if (merged.empty() && hash != self.primaryHash)
                group = partOf.emplace(hash, static_cast<int>(partOf.size()) + 1).first->second;
            rows.emplace_back(row, group);
        }
        if (partOf.empty())
            return Error {"issue #" + std::to_string(self.id) + " has nothing to unmerge: its events share one hash"};
        for (const auto& [hash, source] : merged)
            partHashes[partOf.count("#" + std::to_string(source)) ? partOf["#" + std::to_string(source)] : 0].push_back(
                hash);
        if (merged.empty()) {
            for (const auto& [hash, group] : partOf)
                partHashes[group].push_back(hash);
        }
        store::resetIssueAggregates(db, self.id);
        std::vector<std::int64_t> groupIssue(partOf.size() + 1, 0);
        groupIssue[0] = self.id;
        std::string error;
        if (!writeEventsInto(path, db, rows, groupIssue, options, error))
            return error == "cancelled" ? Result<MergeOutcome>(MergeOutcome {issue, {}, 0, true})
                                        : Result<MergeOutcome>(Error {error});
        MergeOutcome out {issue, {}, static_cast<std::int64_t>(rows.size()), false};
        for (std::size_t g = 1; g < groupIssue.size(); ++g) {
            store::moveHashes(db, self.project, partHashes[static_cast<int>(g)], groupIssue[g]);
            out.issues.emplace_back(groupIssue[g]);
            logActivity(db, groupIssue[g], "unmerge", "split off from #" + std::to_string(self.id), author, now);
        }
        store::forgetMerges(db, self.id);
        std::vector<std::int64_t> parts(groupIssue.begin() + 1, groupIssue.end());
        logActivity(db, self.id, "unmerge", "unmerged into " + issueList(parts), author, now);
        tx.commit();
        return out;
    } catch (const std::exception& e) {
        return Error {std::string("unmerge failed: ") + e.what()};
    }
}

} // namespace stackdeck::regroup
