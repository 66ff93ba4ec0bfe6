#include "facetcounts.h"

#include "issuequeries.h"

#include <algorithm>

namespace stackdeck::store {

namespace {
int bindFilter(sql::Statement& st, const SqlFilter& filter)
{
    int index = 1;
    for (const SqlValue& p : filter.params)
        bindValue(st, index++, p);
    return index;
}
} // namespace

IssueCountsByProjectStatus countIssuesByProjectStatus(sql::Database& db, const SqlFilter& filter)
{
    std::string sql = "SELECT i.project_id, i.status, count(*) FROM issues i";
    if (!filter.isEmpty())
        sql += " WHERE " + filter.where;
    sql += " GROUP BY i.project_id, i.status";
    sql::Statement st(db, sql);
    bindFilter(st, filter);
    IssueCountsByProjectStatus out;
    while (st.step())
        out[{st.int64(0), st.int64(1)}] = st.int64(2);
    return out;
}

std::vector<ProjectName> listProjectNames(sql::Database& db)
{
    std::vector<ProjectName> out;
    sql::Statement st(db, "SELECT id, name FROM projects");
    while (st.step())
        out.push_back(ProjectName {ProjectId(st.int64(0)), st.text(1)});
    return out;
}

std::int64_t countAllIssues(sql::Database& db)
{
    sql::Statement st(db, "SELECT count(*) FROM issues");
    return st.step() ? st.int64(0) : 0;
}

std::vector<std::vector<TagValueIssues>> countTagValueIssues(
    sql::Database& db, const std::vector<std::string>& keys, const SqlFilter& filter, int limit, bool fromIssues)
{
    const bool filtered = !filter.isEmpty();
    std::string sql;
    if (filtered)
        sql = "WITH f(id) AS MATERIALIZED (SELECT i.id FROM issues i WHERE " + filter.where + ") ";
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (k > 0)
            sql += " UNION ALL ";
        sql += "SELECT " + std::to_string(k) + ", * FROM (";
        if (filtered && fromIssues) {
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
    std::vector<std::vector<TagValueIssues>> out(keys.size());
    while (st.step())
        out[static_cast<std::size_t>(st.int64(0))].push_back(TagValueIssues {st.text(1), st.int64(2)});
    return out;
}

std::set<std::string> tagKeys(sql::Database& db)
{
    // Distinct keys by hopping through the (key, value) index, one seek per
    // key: `SELECT DISTINCT key` would read every tag row (a million `trace` values).
    std::set<std::string> out;
    sql::Statement keys(db,
        "WITH RECURSIVE k(key) AS (SELECT min(key) FROM tags UNION ALL "
        "SELECT (SELECT min(t.key) FROM tags t WHERE t.key > k.key) FROM k WHERE k.key IS NOT NULL) "
        "SELECT key FROM k WHERE key IS NOT NULL");
    while (keys.step())
        out.insert(keys.text(0));
    return out;
}

std::set<std::string> projectNames(sql::Database& db)
{
    std::set<std::string> out;
    sql::Statement projects(db, "SELECT name FROM projects");
    while (projects.step())
        out.insert(projects.text(0));
    return out;
}

} // namespace stackdeck::store
