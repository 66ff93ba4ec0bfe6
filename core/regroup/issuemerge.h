#pragma once

#include "model/ids.h"
#include "store/sqlite.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stackdeck::regroup {

struct MergeOptions {
    std::string author; // empty: store::localUserName()
    std::int64_t now = 0; // microseconds; 0: the clock
    const std::atomic<bool>* cancel = nullptr; // a cancelled merge changes nothing
    std::function<void(std::int64_t done, std::int64_t total)> progress;
};

struct MergeOutcome {
    IssueId target; // merge: the issue the others joined; unmerge: the issue split
    std::vector<IssueId> issues; // merge: the issues merged into it; unmerge: the issues split off (new ids)
    std::int64_t events = 0; // events written again
    bool cancelled = false;
};

// Merges the issues into the first (all of one project): their hashes,
// events, issue-level notes, labels and activity move to it, and its counts,
// users, tags, first/last seen, histogram and search rows are those of all
// the events (each moved event is written again from its stored original
// through store::EventWriter, as a regroup does). The merged issues' ids are
// never used again. Records activity on the target; unmergeIssue() reverses
// it. Runs in one transaction on `db`, an open connection to the workspace
// at `workspacePath` (the stored originals are read through another one);
// the caller holds the writer lock.
Result<MergeOutcome> mergeIssues(const std::string& workspacePath, sql::Database& db, const std::vector<IssueId>& ids,
    const MergeOptions& options = {});

// Splits an issue by hash again: each issue a merge brought in comes back,
// with its hashes and events, under a new id (ids are never reused); an
// issue that was never merged splits by its events' primary hashes, keeping
// the events of its own primary hash. The issue keeps its triage and
// activity; each part gets an "unmerge" activity row. Error when there is
// nothing to split.
Result<MergeOutcome> unmergeIssue(
    const std::string& workspacePath, sql::Database& db, IssueId issue, const MergeOptions& options = {});

} // namespace stackdeck::regroup
