#include "issuequeries.h"

#include <algorithm>

namespace stackdeck::store {

namespace {
constexpr std::string_view kIssueColumns
    = "i.id, i.project_id, p.name, i.primary_hash, i.title, i.culprit, i.type, i.level, i.platform, i.first_seen, "
      "i.last_seen, i.event_count, i.user_count, i.status, i.assignee, i.bookmarked, i.first_release, "
      "i.last_release, i.server_id, i.short_id, i.metadata ->> 'value'";

Issue readIssue(const sql::Statement& st)
{
    Issue issue;
    issue.id = IssueId(st.int64(0));
    issue.project = ProjectId(st.int64(1));
    issue.projectName = st.text(2);
    issue.primaryHash = st.text(3);
    issue.title = st.text(4);
    issue.culprit = st.text(5);
    issue.type = st.text(6);
    issue.level = static_cast<Level>(std::clamp<std::int64_t>(st.int64(7), 0, 4));
    issue.platform = st.text(8);
    issue.firstSeen = st.int64(9);
    issue.lastSeen = st.int64(10);
    issue.eventCount = st.int64(11);
    issue.userCount = st.int64(12);
    issue.status = static_cast<IssueStatus>(std::clamp<std::int64_t>(st.int64(13), 0, 2));
    issue.assignee = st.text(14);
    issue.bookmarked = st.int64(15) != 0;
    issue.firstRelease = st.text(16);
    issue.lastRelease = st.text(17);
    issue.serverId = st.text(18);
    issue.shortId = st.text(19);
    issue.message = st.text(20);
    return issue;
}

std::string_view sortColumn(IssueSort sort)
{
    switch (sort) {
    case IssueSort::LastSeen:
        return "i.last_seen";
    case IssueSort::FirstSeen:
        return "i.first_seen";
    case IssueSort::Events:
        return "i.event_count";
    case IssueSort::Users:
        return "i.user_count";
    case IssueSort::Title:
        return "i.title";
    case IssueSort::Level:
        return "i.level";
    case IssueSort::Status:
        return "i.status";
    case IssueSort::Assignee:
        return "coalesce(i.assignee, '')";
    }
    return "i.last_seen";
}

SqlValue sortValueOf(IssueSort sort, const Issue& issue)
{
    switch (sort) {
    case IssueSort::LastSeen:
        return issue.lastSeen;
    case IssueSort::FirstSeen:
        return issue.firstSeen;
    case IssueSort::Events:
        return issue.eventCount;
    case IssueSort::Users:
        return issue.userCount;
    case IssueSort::Title:
        return issue.title;
    case IssueSort::Level:
        return static_cast<std::int64_t>(issue.level);
    case IssueSort::Status:
        return static_cast<std::int64_t>(issue.status);
    case IssueSort::Assignee:
        return issue.assignee;
    }
    return {};
}
} // namespace

std::optional<IssueSort> parseIssueSort(std::string_view name)
{
    if (name == "last_seen" || name == "date")
        return IssueSort::LastSeen;
    if (name == "first_seen" || name == "new")
        return IssueSort::FirstSeen;
    if (name == "events" || name == "freq")
        return IssueSort::Events;
    if (name == "users" || name == "user")
        return IssueSort::Users;
    if (name == "title")
        return IssueSort::Title;
    if (name == "level")
        return IssueSort::Level;
    if (name == "status")
        return IssueSort::Status;
    if (name == "assignee")
        return IssueSort::Assignee;
    return std::nullopt;
}

void bindValue(sql::Statement& st, int index, const SqlValue& value)
{
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                st.bindNull(index);
            else
                st.bind(index, v);
        },
        value);
}

IssuePage listIssues(sql::Database& db, const IssueListRequest& request)
{
    const std::string_view column = sortColumn(request.sort);
    const char* cmp = request.descending ? "<" : ">";
    const char* dir = request.descending ? "DESC" : "ASC";
    std::string sql = "SELECT ";
    sql += kIssueColumns;
    sql += " FROM issues i JOIN projects p ON p.id = i.project_id WHERE 1";
    if (!request.filter.isEmpty())
        sql += " AND (" + request.filter.where + ")";
    if (request.after) {
        sql += " AND (";
        sql += column;
        sql += std::string(" ") + cmp + " ? OR (";
        sql += column;
        sql += std::string(" = ? AND i.id ") + cmp + " ?))";
    }
    sql += " ORDER BY ";
    sql += column;
    sql += std::string(" ") + dir + ", i.id " + dir + " LIMIT ?";

    sql::Statement st(db, sql);
    int index = 1;
    for (const auto& p : request.filter.params)
        bindValue(st, index++, p);
    if (request.after) {
        bindValue(st, index++, request.after->sortValue);
        bindValue(st, index++, request.after->sortValue);
        st.bind(index++, request.after->id);
    }
    const int limit = std::max(1, request.limit);
    st.bind(index, static_cast<std::int64_t>(limit) + 1);

    IssuePage page;
    while (st.step()) {
        if (static_cast<int>(page.issues.size()) == limit) {
            const Issue& last = page.issues.back();
            page.next = cursorAfter(last, request.sort);
            break;
        }
        page.issues.push_back(readIssue(st));
    }
    return page;
}

IssueCursor cursorAfter(const Issue& issue, IssueSort sort)
{
    return IssueCursor {sortValueOf(sort, issue), issue.id.value};
}

std::int64_t countIssues(sql::Database& db, const SqlFilter& filter)
{
    std::string sql = "SELECT count(*) FROM issues i WHERE 1";
    if (!filter.isEmpty())
        sql += " AND (" + filter.where + ")";
    sql::Statement st(db, sql);
    int index = 1;
    for (const auto& p : filter.params)
        bindValue(st, index++, p);
    st.step();
    return st.int64(0);
}

std::optional<Issue> issueById(sql::Database& db, IssueId id)
{
    std::string sql = "SELECT ";
    sql += kIssueColumns;
    sql += " FROM issues i JOIN projects p ON p.id = i.project_id WHERE i.id = ?1";
    auto& st = db.cached(sql);
    st.bind(1, id.value);
    std::optional<Issue> out;
    if (st.step())
        out = readIssue(st);
    st.reset();
    return out;
}

std::vector<std::string> issueHashes(sql::Database& db, IssueId id)
{
    auto& st = db.cached("SELECT hash FROM issue_hashes WHERE issue_id = ?1 ORDER BY hash");
    st.bind(1, id.value);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.text(0));
    st.reset();
    return out;
}

std::vector<TagSummary> issueTopTags(sql::Database& db, IssueId id, int keys, int values)
{
    std::vector<TagSummary> out;
    auto& keyQuery = db.cached("SELECT t.key, sum(it.count) AS n FROM issue_tags it JOIN tags t ON t.id = it.tag_id "
                               "WHERE it.issue_id = ?1 GROUP BY t.key ORDER BY n DESC, t.key LIMIT ?2");
    keyQuery.bind(1, id.value).bind(2, keys);
    while (keyQuery.step())
        out.push_back(TagSummary {keyQuery.text(0), keyQuery.int64(1), {}});
    keyQuery.reset();
    auto& valueQuery = db.cached("SELECT t.value, it.count FROM issue_tags it JOIN tags t ON t.id = it.tag_id "
                                 "WHERE it.issue_id = ?1 AND t.key = ?2 ORDER BY it.count DESC, t.value LIMIT ?3");
    for (auto& summary : out) {
        valueQuery.reset();
        valueQuery.bind(1, id.value).bind(2, summary.key).bind(3, values);
        while (valueQuery.step())
            summary.topValues.push_back(TagValueCount {valueQuery.text(0), valueQuery.int64(1)});
    }
    valueQuery.reset();
    return out;
}

std::vector<std::int64_t> issueHistogram(sql::Database& db, IssueId id, Micros from, Micros to, Micros bucket)
{
    constexpr Micros kHour = 3'600'000'000LL;
    std::vector<std::int64_t> out;
    if (bucket < kHour || to <= from)
        return out;
    // Counts are kept per hour: buckets start on an hour boundary.
    from -= ((from % kHour) + kHour) % kHour;
    const auto buckets = static_cast<std::size_t>((to - from + bucket - 1) / bucket);
    if (buckets > 100'000)
        return out;
    out.assign(buckets, 0);
    auto& st = db.cached("SELECT hour, count FROM issue_hourly WHERE issue_id = ?1 AND hour >= ?2 AND hour < ?3");
    st.bind(1, id.value).bind(2, from / kHour).bind(3, (to + kHour - 1) / kHour);
    while (st.step()) {
        const Micros t = st.int64(0) * kHour;
        if (t < from || t >= to)
            continue;
        out[static_cast<std::size_t>((t - from) / bucket)] += st.int64(1);
    }
    st.reset();
    return out;
}

} // namespace stackdeck::store
