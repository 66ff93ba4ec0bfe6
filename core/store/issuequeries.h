#pragma once

#include "model/issue.h"
#include "sqlfilter.h"
#include "sqlite.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

enum class IssueSort { LastSeen, FirstSeen, Events, Users, Title, Level, Status, Assignee };

std::optional<IssueSort> parseIssueSort(std::string_view name); // "last_seen", "first_seen", "events", "users", ...

// Keyset position: the sort value and id of the last row of the previous page.
struct IssueCursor {
    SqlValue sortValue;
    std::int64_t id = 0;
};

struct IssuePage {
    std::vector<Issue> issues;
    std::optional<IssueCursor> next; // absent on the last page
};

struct IssueListRequest {
    SqlFilter filter;
    IssueSort sort = IssueSort::LastSeen;
    bool descending = true;
    std::optional<IssueCursor> after;
    int limit = 100;
};

// One page of issues from the materialised issues table; every sort has a
// stable tiebreak on id so pages never overlap or skip.
IssuePage listIssues(sql::Database& db, const IssueListRequest& request);
// The keyset position just after `issue` in `sort` order (to resume a page part-way).
IssueCursor cursorAfter(const Issue& issue, IssueSort sort);
std::int64_t countIssues(sql::Database& db, const SqlFilter& filter);
std::optional<Issue> issueById(sql::Database& db, IssueId id);
std::vector<std::string> issueHashes(sql::Database& db, IssueId id);

struct TagValueCount {
    std::string value;
    std::int64_t count = 0;
};
struct TagSummary {
    std::string key;
    std::int64_t total = 0; // events of the issue that carry the key
    std::vector<TagValueCount> topValues;
};
// The `keys` most common tag keys of an issue, each with its `values` most common values.
std::vector<TagSummary> issueTopTags(sql::Database& db, IssueId id, int keys = 5, int values = 5);

// Event counts per bucket (bucket in microseconds, a multiple of an hour),
// for [from, to) with `from` rounded down to its hour. Buckets without events are zero.
std::vector<std::int64_t> issueHistogram(sql::Database& db, IssueId id, Micros from, Micros to, Micros bucket);

void bindValue(sql::Statement& st, int index, const SqlValue& value);

} // namespace stackdeck::store
