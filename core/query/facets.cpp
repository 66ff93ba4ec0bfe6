#include "facets.h"

#include "model/issue.h"
#include "store/facetcounts.h"
#include "store/issuequeries.h"

#include <algorithm>
#include <limits>
#include <map>

namespace stackdeck::query {

namespace {

// Issues per (project, status): one pass over the filtered issues serves both
// the project and the status facet (unfiltered, a scan of the issues_project index).
using IssueCounts = store::IssueCountsByProjectStatus;

IssueCounts issueCounts(sql::Database& db, const SqlFilter& filter)
{
    return store::countIssuesByProjectStatus(db, filter);
}

std::vector<ProjectFacet> projectsFrom(sql::Database& db, const IssueCounts& counts)
{
    std::vector<ProjectFacet> out;
    for (store::ProjectName& p : store::listProjectNames(db))
        out.push_back(ProjectFacet {p.id, std::move(p.name), 0});
    for (ProjectFacet& p : out) {
        for (auto it = counts.lower_bound({p.id.value, std::numeric_limits<std::int64_t>::min()});
             it != counts.end() && it->first.first == p.id.value; ++it)
            p.issues += it->second;
    }
    std::sort(out.begin(), out.end(), [](const ProjectFacet& a, const ProjectFacet& b) {
        return a.issues != b.issues ? a.issues > b.issues : a.name < b.name;
    });
    return out;
}

StatusFacet statusFrom(const IssueCounts& counts)
{
    StatusFacet out;
    for (const auto& [key, n] : counts) {
        switch (static_cast<IssueStatus>(key.second)) {
        case IssueStatus::Unresolved:
            out.unresolved += n;
            break;
        case IssueStatus::Resolved:
            out.resolved += n;
            break;
        case IssueStatus::Ignored:
            out.ignored += n;
            break;
        }
        out.all += n;
    }
    return out;
}

} // namespace

Result<std::vector<ProjectFacet>> projectFacet(sql::Database& db, const SqlFilter& filter)
{
    try {
        return projectsFrom(db, issueCounts(db, filter));
    } catch (const sql::SqliteError& e) {
        return Error {e.what()};
    }
}

namespace {

// Facets of several tag keys in one statement, so a filter is evaluated once
// (a materialized set of issue ids) for all of them.
std::vector<std::vector<ValueFacet>> countTagValues(
    sql::Database& db, const std::vector<std::string>& keys, const SqlFilter& filter, int limit, FacetPlan plan)
{
    std::vector<std::vector<ValueFacet>> out;
    for (auto& counts : store::countTagValueIssues(db, keys, filter, limit, plan == FacetPlan::FromIssues)) {
        std::vector<ValueFacet>& values = out.emplace_back();
        for (store::TagValueIssues& v : counts)
            values.push_back(ValueFacet {std::move(v.value), v.issues});
    }
    return out;
}

FacetPlan choosePlan(std::int64_t matching, std::int64_t total)
{
    return matching * 20 <= total ? FacetPlan::FromIssues : FacetPlan::FromTags;
}

std::int64_t totalIssues(sql::Database& db)
{
    return store::countAllIssues(db);
}

} // namespace

Result<std::vector<ValueFacet>> tagFacet(
    sql::Database& db, const std::string& key, const SqlFilter& filter, int limit, FacetPlan plan)
{
    try {
        if (plan == FacetPlan::Auto)
            plan = filter.isEmpty() ? FacetPlan::FromTags : choosePlan(store::countIssues(db, filter), totalIssues(db));
        return std::move(countTagValues(db, {key}, filter, limit, plan).front());
    } catch (const sql::SqliteError& e) {
        return Error {e.what()};
    }
}

Result<StatusFacet> statusFacet(sql::Database& db, const SqlFilter& filter)
{
    try {
        return statusFrom(issueCounts(db, filter));
    } catch (const sql::SqliteError& e) {
        return Error {e.what()};
    }
}

Result<Facets> loadFacets(sql::Database& db, const SqlFilter& filter, int limit)
{
    Facets out;
    try {
        const IssueCounts counts = issueCounts(db, filter);
        out.projects = projectsFrom(db, counts);
        out.status = statusFrom(counts);
        const FacetPlan plan = filter.isEmpty() ? FacetPlan::FromTags : choosePlan(out.status.all, totalIssues(db));
        auto values = countTagValues(db, {"environment", "release"}, filter, limit, plan);
        out.environments = std::move(values[0]);
        out.releases = std::move(values[1]);
    } catch (const sql::SqliteError& e) {
        return Error {e.what()};
    }
    return out;
}

} // namespace stackdeck::query
