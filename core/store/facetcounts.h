#pragma once

#include "model/ids.h"
#include "sqlfilter.h"
#include "sqlite.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace stackdeck::store {

// The counts behind the sidebar's facets (core/query/facets.h) and the names
// the query compiler knows (core/query/querycontext.h). Filters are the query
// compiler's bound fragments over `issues i`.

// Issues per (project id, status) among those the filter selects (empty: all).
using IssueCountsByProjectStatus = std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t>;
IssueCountsByProjectStatus countIssuesByProjectStatus(sql::Database& db, const SqlFilter& filter);

struct ProjectName {
    ProjectId id;
    std::string name;
};
std::vector<ProjectName> listProjectNames(sql::Database& db);
std::int64_t countAllIssues(sql::Database& db);

struct TagValueIssues {
    std::string value;
    std::int64_t issues = 0;
};
// For each key, its `limit` values on most filtered issues (then by value),
// in one statement. fromIssues: walk the filtered issues' own issue_tags rows
// (cheap when the filter keeps few issues); else walk the key's rows.
std::vector<std::vector<TagValueIssues>> countTagValueIssues(
    sql::Database& db, const std::vector<std::string>& keys, const SqlFilter& filter, int limit, bool fromIssues);

std::set<std::string> tagKeys(sql::Database& db);
std::set<std::string> projectNames(sql::Database& db);

} // namespace stackdeck::store
