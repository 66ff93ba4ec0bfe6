#pragma once

#include "model/ids.h"
#include "model/timestamp.h"
#include "sqlfilter.h"
#include "sqlite.h"

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

// Read-only queries the workbench window needs beyond issuequeries/eventqueries:
// sidebar lists with counts, sparkline data for a page of issues, filter pieces.
namespace stackdeck::store {

struct ProjectSummary {
    ProjectId id;
    std::string name;
    std::int64_t issues = 0;
};
std::vector<ProjectSummary> listProjects(sql::Database& db);

struct SourceSummary {
    SourceId id;
    std::string kind;
    std::string location;
    std::string label;
    std::int64_t lastImportAt = 0; // microseconds, 0 when never
};
std::vector<SourceSummary> listSources(sql::Database& db);

// Issue counts per status (index = IssueStatus) among the issues matching `filter`.
std::array<std::int64_t, 3> issueStatusCounts(sql::Database& db, const SqlFilter& filter);

struct TagValueIssues {
    std::string value;
    std::int64_t issues = 0; // distinct issues carrying the value
};
// Values of one tag key (e.g. "environment", "release") by how many issues carry them.
std::vector<TagValueIssues> tagValuesByIssues(sql::Database& db, const std::string& key, int limit = 50);

// Daily event counts for the `days` days ending at the day that contains `end`
// (oldest day first), for a page of issues, in one query over issue_hourly.
constexpr int kSparklineDays = 14;
using Sparkline = std::array<std::int32_t, kSparklineDays>;
std::unordered_map<std::int64_t, Sparkline> issueSparklines(
    sql::Database& db, const std::vector<IssueId>& issues, Micros end);

// The newest last_seen of any issue (0 for an empty workspace): the anchor of
// sparklines, so an old export still shows its last two weeks.
Micros latestIssueActivity(sql::Database& db);
std::int64_t totalIssueCount(sql::Database& db);

// Filter pieces over the issues table (alias `i`), combinable with andFilters.
SqlFilter projectFilter(ProjectId project);
SqlFilter statusFilter(int status);
SqlFilter tagFilter(const std::string& key, const std::string& value);
SqlFilter andFilters(const std::vector<SqlFilter>& parts);

} // namespace stackdeck::store
