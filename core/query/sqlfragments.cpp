#include "sqlfragments.h"

#include <algorithm>

namespace stackdeck::query::fragments {

namespace {

// Free text. Collecting the issue ids of all matching rows (rowid >> 20)
// costs ~0.1-0.5 us per row; checking one issue's rowid range costs one FTS
// lookup, 20-200 us depending on how merged the index is. For a first page
// the SQL estimates from the first 20,000 matching rows how many rows there
// are (R) and what share of issues match (d): the per-issue check walks about
// 100 / d issues, so it wins when R * d is large, i.e. when
// maxIssueId * distinctIssues > 5 * span^2 over the sample's issue id span.
// Both branches select the same issues; the probe and the id list each run
// once per statement (uncorrelated subqueries).
// Rows a regroup left behind (search_stale, usually empty) do not count.
// The id list is built once per statement, so a row of an issue without
// stale rows costs one probe of it (on 82,000 matching rows: +7 ms, against
// +17 ms for a correlated NOT EXISTS).
constexpr std::string_view kLiveRow
    = "(search.rowid >> 20 NOT IN (SELECT issue_id FROM search_stale) OR (search.rowid & 1048575) >= "
      "(SELECT below FROM search_stale WHERE issue_id = search.rowid >> 20))";

std::string textSet()
{
    return "i.id IN (SELECT rowid >> 20 FROM search WHERE search MATCH ? AND " + std::string(kLiveRow) + ")";
}

std::string textMatch()
{
    return "CASE WHEN (SELECT count(*) < 20000 OR (SELECT max(id) FROM issues) * count(DISTINCT rowid >> 20) <= 5 * "
           "(max(rowid >> 20) - min(rowid >> 20) + 1) * (max(rowid >> 20) - min(rowid >> 20) + 1) "
           "FROM (SELECT rowid FROM search WHERE search MATCH ? LIMIT 20000)) "
           "THEN "
        + textSet()
        + " ELSE EXISTS (SELECT 1 FROM search WHERE search MATCH ? AND rowid >= (i.id << 20) + "
          "coalesce((SELECT below FROM search_stale WHERE issue_id = i.id), 0) AND rowid < ((i.id + 1) << 20)) END";
}

// Tag filters make the same choice for a first page by how many issue_tags
// rows the selected tag values have. Few, and the issue ids are collected
// through the issue_tags_tag index; many (environment:production, release
// globs, has:user), and each issue is checked by its own rows (primary key)
// while walking issues in the page's order, which fills a page after a few
// hundred issues. Keys with very many values (trace: one per event) go
// straight to the per-issue check: even counting their rows would cost more.
// When every issue is visited (counts, negations) the id set always wins: its
// cost is bounded by the key's rows (~300 ms for a million), while checking
// every issue's rows is not (has:trace: seconds).
constexpr std::string_view kFewTagRows = "5000";
constexpr std::string_view kManyTagValues = "5000";

// `column = ?`, `column IN (?, ...)`, `column GLOB ?`, OR-ed, appending params.
std::string valueCondition(std::string_view column, const std::vector<std::string>& values, SqlFilter& out)
{
    std::vector<std::string> exact, globs;
    for (const std::string& v : values) {
        if (hasWildcard(v))
            globs.push_back(globPattern(v));
        else
            exact.push_back(literalValue(v));
    }
    std::vector<std::string> parts;
    if (exact.size() == 1) {
        parts.push_back(std::string(column) + " = ?");
    } else if (!exact.empty()) {
        std::string in = std::string(column) + " IN (";
        for (std::size_t i = 0; i < exact.size(); ++i)
            in += i == 0 ? "?" : ", ?";
        parts.push_back(in + ")");
    }
    for (std::string& e : exact)
        out.params.emplace_back(std::move(e));
    for (std::string& g : globs) {
        parts.push_back(std::string(column) + " GLOB ?");
        out.params.emplace_back(std::move(g));
    }
    if (parts.size() == 1)
        return parts.front();
    std::string sql = "(";
    for (std::size_t i = 0; i < parts.size(); ++i)
        sql += (i == 0 ? "" : " OR ") + parts[i];
    return sql + ")";
}

SqlFilter join(std::vector<SqlFilter> parts, std::string_view op)
{
    if (parts.size() == 1)
        return std::move(parts.front());
    SqlFilter out;
    out.where = "(";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            out.where += op;
        out.where += parts[i].where;
        for (auto& p : parts[i].params)
            out.params.push_back(std::move(p));
    }
    out.where += ")";
    return out;
}

// has:KEY (no values) or KEY:VALUES, with the plan chosen by the data (see above).
SqlFilter tagPredicate(const std::string& key, const std::vector<std::string>* values, Walk walk)
{
    // The condition is written several times; its parameters are bound each time.
    SqlFilter out;
    auto condition = [&] {
        out.params.emplace_back(key);
        return values ? " AND " + valueCondition("t.value", *values, out) : std::string();
    };
    const std::string set
        = "i.id IN (SELECT it.issue_id FROM issue_tags it WHERE it.tag_id IN (SELECT t.id FROM tags t "
          "WHERE t.key = ?";
    if (walk == Walk::Everything) {
        out.where = set + condition() + "))";
        return out;
    }
    const bool exact = values && std::none_of(values->begin(), values->end(), hasWildcard);
    const std::string rows(kFewTagRows);
    const std::string manyValues(kManyTagValues);
    out.where = "CASE WHEN ";
    if (!exact) {
        out.where += "(SELECT count(*) FROM (SELECT 1 FROM tags t WHERE t.key = ?" + condition() + " LIMIT "
            + manyValues + ")) < " + manyValues + " AND ";
    }
    out.where += "(SELECT count(*) FROM (SELECT 1 FROM tags t CROSS JOIN issue_tags it WHERE t.key = ?" + condition()
        + " AND it.tag_id = t.id LIMIT " + rows + ")) < " + rows;
    out.where += " THEN " + set + condition() + "))";
    // Per issue: a few exact values are primary-key seeks; otherwise the rows are scanned.
    if (exact) {
        out.where += " ELSE EXISTS (SELECT 1 FROM issue_tags it WHERE it.issue_id = i.id AND it.tag_id IN (SELECT "
                     "t.id FROM tags t WHERE t.key = ?"
            + condition() + ")) END";
    } else {
        out.where += " ELSE EXISTS (SELECT 1 FROM issue_tags it CROSS JOIN tags t WHERE it.issue_id = i.id AND t.id = "
                     "it.tag_id AND t.key = ?"
            + condition() + ") END";
    }
    return out;
}

} // namespace

SqlFilter textMatch(const std::string& ftsExpression, Walk walk)
{
    // Notes (store/notes.h) match too: they are few, so their issue ids are
    // always collected once.
    std::string notes = "i.id IN (SELECT n.issue_id FROM note_search s JOIN notes n ON n.id = s.rowid WHERE "
                        "note_search MATCH ? AND n.issue_id IS NOT NULL UNION SELECT e.issue_id FROM note_search s "
                        "JOIN notes n ON n.id = s.rowid JOIN events e ON e.project_id = n.project_id AND e.event_id = "
                        "n.event_id WHERE note_search MATCH ?)";
    if (walk == Walk::Everything)
        return SqlFilter {"(" + textSet() + " OR " + notes + ")", {ftsExpression, ftsExpression, ftsExpression}};
    return SqlFilter {"(" + textMatch() + " OR " + notes + ")",
        {ftsExpression, ftsExpression, ftsExpression, ftsExpression, ftsExpression}};
}

SqlFilter hasNote()
{
    return SqlFilter {"(EXISTS (SELECT 1 FROM notes n WHERE n.issue_id = i.id) OR EXISTS (SELECT 1 FROM events e JOIN "
                      "notes n ON n.project_id = e.project_id AND n.event_id = e.event_id WHERE e.issue_id = i.id))",
        {}};
}

SqlFilter tagValue(const std::string& key, const std::vector<std::string>& values, Walk walk)
{
    return tagPredicate(key, &values, walk);
}

SqlFilter hasTag(const std::string& key, Walk walk)
{
    return tagPredicate(key, nullptr, walk);
}

SqlFilter project(const std::vector<std::string>& names)
{
    SqlFilter out;
    const std::string condition = valueCondition("p.name", names, out);
    out.where = "i.project_id IN (SELECT p.id FROM projects p WHERE " + condition + ")";
    return out;
}

SqlFilter account(const std::vector<std::string>& names)
{
    SqlFilter out;
    const std::string condition = valueCondition("a.name", names, out);
    out.where = "i.id IN (SELECT s.issue_id FROM server_issues s JOIN server_accounts a ON a.id = s.account_id WHERE "
        + condition + ")";
    return out;
}

SqlFilter fromAnyAccount()
{
    return SqlFilter {"i.id IN (SELECT s.issue_id FROM server_issues s)", {}};
}

SqlFilter serverState(const std::string& state)
{
    return SqlFilter {"i.id IN (SELECT s.issue_id FROM server_issues s WHERE s.state = ?)", {state}};
}

SqlFilter oneOf(std::string_view column, const std::vector<std::string>& values)
{
    SqlFilter out;
    out.where = valueCondition(column, values, out);
    return out;
}

SqlFilter contains(std::string_view column, const std::vector<std::string>& values)
{
    std::vector<SqlFilter> parts;
    parts.reserve(values.size());
    for (const std::string& v : values)
        parts.push_back(SqlFilter {std::string(column) + " LIKE ? ESCAPE '\\'", {likeContainsPattern(v)}});
    return orAll(std::move(parts));
}

SqlFilter timeRange(std::string_view column, const TimeRange& range)
{
    std::vector<SqlFilter> parts;
    if (range.from)
        parts.push_back(SqlFilter {std::string(column) + " >= ?", {*range.from}});
    if (range.to)
        parts.push_back(SqlFilter {std::string(column) + " < ?", {*range.to}});
    if (parts.empty())
        return fixed("1");
    return andAll(std::move(parts));
}

SqlFilter compare(std::string_view column, std::string_view op, std::int64_t value)
{
    return SqlFilter {std::string(column) + " " + std::string(op) + " ?", {value}};
}

SqlFilter integerIn(std::string_view column, const std::vector<std::int64_t>& values)
{
    if (values.size() == 1)
        return compare(column, "=", values.front());
    SqlFilter out;
    out.where = std::string(column) + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out.where += i == 0 ? "?" : ", ?";
        out.params.emplace_back(values[i]);
    }
    out.where += ")";
    return out;
}

SqlFilter fixed(std::string_view expression)
{
    return SqlFilter {std::string(expression), {}};
}

SqlFilter orAll(std::vector<SqlFilter> parts)
{
    return join(std::move(parts), " OR ");
}

SqlFilter andAll(std::vector<SqlFilter> parts)
{
    return join(std::move(parts), " AND ");
}

SqlFilter negate(SqlFilter part)
{
    part.where = "NOT (" + part.where + ")";
    return part;
}

} // namespace stackdeck::query::fragments
