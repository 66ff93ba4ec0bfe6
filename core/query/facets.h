#pragma once

#include "model/ids.h"
#include "store/sqlfilter.h"
#include "store/sqlite.h"
#include "util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stackdeck::query {

struct ProjectFacet {
    ProjectId id;
    std::string name;
    std::int64_t issues = 0;

    bool operator==(const ProjectFacet&) const = default;
};

struct ValueFacet {
    std::string value;
    std::int64_t issues = 0; // issues with at least one event carrying the value

    bool operator==(const ValueFacet&) const = default;
};

struct StatusFacet {
    std::int64_t unresolved = 0;
    std::int64_t resolved = 0;
    std::int64_t ignored = 0;
    std::int64_t all = 0;

    bool operator==(const StatusFacet&) const = default;
};

struct Facets {
    std::vector<ProjectFacet> projects;
    std::vector<ValueFacet> environments;
    std::vector<ValueFacet> releases;
    StatusFacet status;
};

// Sidebar counts over the issues a filter selects (an empty filter: all
// issues; pass CompiledQuery::countFilter). Pass the search without the part
// the facet itself sets (status counts over the search minus its is:) so every
// choice shows what it would give.

// Every project, most issues first (projects without matching issues count 0).
Result<std::vector<ProjectFacet>> projectFacet(sql::Database& db, const SqlFilter& filter = {});

// How a filtered tag facet is counted: over the key's issue_tags rows (testing
// each row's issue against the filtered set), or over the filtered issues'
// own rows. Auto takes the second when the filter keeps at most 1 in 20 issues.
enum class FacetPlan { Auto, FromTags, FromIssues };

// The `limit` values of a tag key on most issues, then by value.
Result<std::vector<ValueFacet>> tagFacet(sql::Database& db, const std::string& key, const SqlFilter& filter = {},
    int limit = 50, FacetPlan plan = FacetPlan::Auto);

Result<StatusFacet> statusFacet(sql::Database& db, const SqlFilter& filter = {});

// Projects, environments, releases (top `limit`) and statuses in one go.
Result<Facets> loadFacets(sql::Database& db, const SqlFilter& filter = {}, int limit = 50);

} // namespace stackdeck::query
