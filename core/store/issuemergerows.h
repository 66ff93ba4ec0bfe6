#pragma once

#include "sqlite.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stackdeck::store {

// The statements behind merging and unmerging issues (core/regroup/issuemerge.h
// orders them; the events are written again through EventWriter).

struct MergeIssueRow {
    std::int64_t id = 0;
    std::int64_t project = 0;
    std::string primaryHash;
};
// The issues that exist among `ids`, in the order given.
std::vector<MergeIssueRow> readMergeIssues(sql::Database& db, const std::vector<std::int64_t>& ids);

// Event rows of the issues, ascending, with each one's primary hash.
std::vector<std::pair<std::int64_t, std::string>> eventRowsOf(
    sql::Database& db, const std::vector<std::int64_t>& issues);

// Merge: remembers which hashes each source brought (issue_merges, for
// unmerge), moves the sources' hashes, issue-level notes, labels and
// activity to the target. The sources' rows go separately (issuerebuild.h).
void moveToMergeTarget(
    sql::Database& db, std::int64_t target, const std::vector<std::int64_t>& sources, std::int64_t now);

// Unmerge: for each hash a merge brought into `target`, the issue it came from.
std::map<std::string, std::int64_t> mergedHashes(sql::Database& db, std::int64_t target);
void forgetMerges(sql::Database& db, std::int64_t target);
// The hashes now belong to the issue.
void moveHashes(sql::Database& db, std::int64_t project, const std::vector<std::string>& hashes, std::int64_t issue);

// Empties the issue's aggregates and derived rows (counts, users, tags,
// hourly counts, search rows, which are marked stale) but keeps the row with
// its triage, so its events can be written into it again.
void resetIssueAggregates(sql::Database& db, std::int64_t issue);

// The next issue id no issue has ever had: above every id now and every id
// a merge removed (meta.issue_id_high_water).
std::int64_t nextUnusedIssueId(sql::Database& db);
void rememberIssueIds(sql::Database& db, const std::vector<std::int64_t>& removed);

} // namespace stackdeck::store
