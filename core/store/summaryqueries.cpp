#include "summaryqueries.h"

#include "issuequeries.h"

#include <algorithm>

namespace stackdeck::store {

namespace {
constexpr Micros kHour = 3'600'000'000LL;
constexpr Micros kDay = 24 * kHour;
} // namespace

std::vector<ProjectSummary> listProjects(sql::Database& db)
{
    auto& st = db.cached("SELECT p.id, p.name, (SELECT count(*) FROM issues i WHERE i.project_id = p.id) "
                         "FROM projects p ORDER BY p.name");
    std::vector<ProjectSummary> out;
    while (st.step())
        out.push_back(ProjectSummary {ProjectId(st.int64(0)), st.text(1), st.int64(2)});
    st.reset();
    return out;
}

std::vector<SourceSummary> listSources(sql::Database& db)
{
    auto& st = db.cached("SELECT id, kind, location, coalesce(label, ''), coalesce(last_import_at, 0) FROM sources "
                         "ORDER BY id");
    std::vector<SourceSummary> out;
    while (st.step())
        out.push_back(SourceSummary {SourceId(st.int64(0)), st.text(1), st.text(2), st.text(3), st.int64(4)});
    st.reset();
    return out;
}

std::array<std::int64_t, 3> issueStatusCounts(sql::Database& db, const SqlFilter& filter)
{
    std::string sql = "SELECT i.status, count(*) FROM issues i WHERE 1";
    if (!filter.isEmpty())
        sql += " AND (" + filter.where + ")";
    sql += " GROUP BY i.status";
    sql::Statement st(db, sql);
    int index = 1;
    for (const auto& p : filter.params)
        bindValue(st, index++, p);
    std::array<std::int64_t, 3> out {};
    while (st.step()) {
        const auto status = st.int64(0);
        if (status >= 0 && status < 3)
            out[static_cast<std::size_t>(status)] = st.int64(1);
    }
    return out;
}

std::vector<TagValueIssues> tagValuesByIssues(sql::Database& db, const std::string& key, int limit)
{
    auto& st = db.cached("SELECT t.value, count(it.issue_id) AS n FROM tags t JOIN issue_tags it ON it.tag_id = t.id "
                         "WHERE t.key = ?1 GROUP BY t.id ORDER BY n DESC, t.value LIMIT ?2");
    st.bind(1, key).bind(2, std::max(1, limit));
    std::vector<TagValueIssues> out;
    while (st.step())
        out.push_back(TagValueIssues {st.text(0), st.int64(1)});
    st.reset();
    return out;
}

std::unordered_map<std::int64_t, Sparkline> issueSparklines(
    sql::Database& db, const std::vector<IssueId>& issues, Micros end)
{
    std::unordered_map<std::int64_t, Sparkline> out;
    if (issues.empty())
        return out;
    const Micros lastDay = (end >= 0 ? end / kDay : (end - kDay + 1) / kDay);
    const std::int64_t firstHour = (lastDay - (kSparklineDays - 1)) * 24;
    const std::int64_t endHour = (lastDay + 1) * 24;
    std::string sql = "SELECT issue_id, (hour - ?1) / 24, sum(count) FROM issue_hourly WHERE hour >= ?1 AND hour < ?2 "
                      "AND issue_id IN (";
    for (std::size_t i = 0; i < issues.size(); ++i)
        sql += i == 0 ? "?" : ",?";
    sql += ") GROUP BY issue_id, (hour - ?1) / 24";
    sql::Statement st(db, sql);
    st.bind(1, firstHour).bind(2, endHour);
    int index = 3;
    for (const auto& id : issues) {
        st.bind(index++, id.value);
        out[id.value] = Sparkline {};
    }
    while (st.step()) {
        const auto day = st.int64(1);
        if (day < 0 || day >= kSparklineDays)
            continue;
        out[st.int64(0)][static_cast<std::size_t>(day)]
            = static_cast<std::int32_t>(std::min<std::int64_t>(st.int64(2), INT32_MAX));
    }
    return out;
}

Micros latestIssueActivity(sql::Database& db)
{
    auto& st = db.cached("SELECT coalesce(max(last_seen), 0) FROM issues");
    st.step();
    const Micros v = st.int64(0);
    st.reset();
    return v;
}

std::int64_t totalIssueCount(sql::Database& db)
{
    auto& st = db.cached("SELECT count(*) FROM issues");
    st.step();
    const auto v = st.int64(0);
    st.reset();
    return v;
}

SqlFilter projectFilter(ProjectId project)
{
    return SqlFilter {"i.project_id = ?", {SqlValue(project.value)}};
}

SqlFilter statusFilter(int status)
{
    return SqlFilter {"i.status = ?", {SqlValue(static_cast<std::int64_t>(status))}};
}

SqlFilter tagFilter(const std::string& key, const std::string& value)
{
    return SqlFilter {"i.id IN (SELECT it.issue_id FROM issue_tags it WHERE it.tag_id = "
                      "(SELECT t.id FROM tags t WHERE t.key = ? AND t.value = ?))",
        {SqlValue(key), SqlValue(value)}};
}

SqlFilter andFilters(const std::vector<SqlFilter>& parts)
{
    SqlFilter out;
    for (const auto& part : parts) {
        if (part.isEmpty())
            continue;
        if (!out.where.empty())
            out.where += " AND ";
        out.where += "(" + part.where + ")";
        out.params.insert(out.params.end(), part.params.begin(), part.params.end());
    }
    return out;
}

} // namespace stackdeck::store
