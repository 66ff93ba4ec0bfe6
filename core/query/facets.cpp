#include "facets.h"

#include "model/issue.h"
#include "store/issuequeries.h"

#include <algorithm>
#include <limits>
#include <map>

namespace stackdeck::query {

namespace {

int bindFilter(sql::Statement& st, const SqlFilter& filter)
{
    int index = 1;
    for (const SqlValue& p : filter.params)
        store::bindValue(st, index++, p);
    return index;
}

// Issues per (project, status): one pass over the filtered issues serves both
// the project and the status facet (unfiltered, a scan of the issues_project index).
using IssueCounts = std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t>;

IssueCounts issueCounts(sql::Database& db, const SqlFilter& filter)
{
    std::string sql = "SELECT i.project_id, i.status, count(*) FROM issues i";
    if (!filter.isEmpty())
        sql += " WHERE " + filter.where;
    sql += " GROUP BY i.project_id, i.status";
    sql::Statement st(db, sql);
    bindFilter(st, filter);
    IssueCounts out;
    while (st.step())
        out[{st.int64(0), st.int64(1)}] = st.int64(2);
    return out;
}

std::vector<ProjectFacet> projectsFrom(sql::Database& db, const IssueCounts& counts)
{
    std::vector<ProjectFacet> out;
    sql::Statement st(db, "SELECT id, name FROM projects");
    while (st.step())
        out.push_back(ProjectFacet {ProjectId(st.int64(0)), st.text(1), 0});
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
    const bool filtered = !filter.isEmpty();
    std::string sql;
    if (filtered)
        sql = "WITH f(id) AS MATERIALIZED (SELECT i.id FROM issues i WHERE " + filter.where + ") ";
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (k > 0)
            sql += " UNION ALL ";
        sql += "SELECT " + std::to_string(k) + ", * FROM (";
        if (filtered && plan == FacetPlan::FromIssues) {
            // Each filtered issue's own rows (primary key), kept when the tag is one of the key's.
            sql += "SELECT t.value, count(*) AS n FROM f CROSS JOIN issue_tags it CROSS JOIN tags t WHERE "
                   "it.issue_id = f.id AND +it.tag_id IN (SELECT k.id FROM tags k WHERE k.key = ?) AND t.id = "
                   "it.tag_id";
        } else {
            // One count per value over the issue_tags_tag index, in value order (no sort to group).
            // The filtered set is tested per row; the `+` keeps SQLite from
            // seeking every (tag, issue) pair instead, ~100x slower.
            sql += "SELECT t.value, count(*) AS n FROM tags t JOIN issue_tags it ON it.tag_id = t.id WHERE t.key = ?";
            if (filtered)
                sql += " AND +it.issue_id IN (SELECT id FROM f)";
        }
        sql += " GROUP BY t.value ORDER BY n DESC, t.value LIMIT ?)";
    }
    sql::Statement st(db, sql);
    int index = bindFilter(st, filter);
    for (const std::string& key : keys) {
        st.bind(index++, key);
        st.bind(index++, static_cast<std::int64_t>(std::max(1, limit)));
    }
    std::vector<std::vector<ValueFacet>> out(keys.size());
    while (st.step())
        out[static_cast<std::size_t>(st.int64(0))].push_back(ValueFacet {st.text(1), st.int64(2)});
    return out;
}

FacetPlan choosePlan(std::int64_t matching, std::int64_t total)
{
    return matching * 20 <= total ? FacetPlan::FromIssues : FacetPlan::FromTags;
}

std::int64_t totalIssues(sql::Database& db)
{
    sql::Statement st(db, "SELECT count(*) FROM issues");
    return st.step() ? st.int64(0) : 0;
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
