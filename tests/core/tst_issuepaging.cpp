// Keyset paging of the issue list (store::listIssues) in every sort order,
// both directions, over issues that tie on the sort value: walking the pages
// with any page size gives every issue exactly once, in (value, id) order as
// computed here independently, also under a filter whose parameters are bound
// before the cursor's: a hand-written one and one compiled from the search
// language (core/query).

#include "query/issuequery.h"
#include "store/issuequeries.h"
#include "store/workspace.h"

#include <QList>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using namespace stackdeck;
using namespace stackdeck::store;

Q_DECLARE_METATYPE(stackdeck::store::IssueSort)

namespace {
enum class Filter { None, Sql, Query };
} // namespace
Q_DECLARE_METATYPE(Filter)

namespace {

struct Row {
    std::int64_t id = 0;
    std::int64_t lastSeen = 0;
    std::int64_t firstSeen = 0;
    std::int64_t events = 0;
    std::int64_t users = 0;
    std::string title;
    std::int64_t level = 0;
    std::int64_t status = 0;
    std::optional<std::string> assignee;
};

// 60 issues in few distinct values per column, so every sort has long runs of
// ties that pages must split. Titles hold case and non-ASCII differences (the
// binary collation orders UTF-8 bytes); assignees mix NULL and '' (one value).
std::vector<Row> makeRows()
{
    const char* titles[] = {"", "Zeta", "alpha", "Alpha", "\xc3\xa9t\xc3\xa9", "zeta"};
    const std::optional<std::string> assignees[]
        = {std::nullopt, std::string(), std::string("ana"), std::string("Bob"), std::string("\xc3\xa5sa")};
    std::vector<Row> rows;
    for (int k = 0; k < 60; ++k) {
        Row r;
        r.id = k + 1;
        r.lastSeen = 1'700'000'000'000'000LL + (k % 4) * 1'000'000;
        r.firstSeen = 1'600'000'000'000'000LL - (k % 3) * 1'000'000;
        r.events = (k * 7) % 5 + 1;
        r.users = k % 2;
        r.title = titles[(k * 5) % 6];
        r.level = (k * 3) % 5;
        r.status = k % 3;
        r.assignee = assignees[k % 5];
        rows.push_back(r);
    }
    return rows;
}

constexpr Micros kNow = 1'717'200'000'000'000LL; // what the search takes as "now"

using Value = std::variant<std::int64_t, std::string>;

Value valueOf(const Row& r, IssueSort sort)
{
    switch (sort) {
    case IssueSort::LastSeen:
        return r.lastSeen;
    case IssueSort::FirstSeen:
        return r.firstSeen;
    case IssueSort::Events:
        return r.events;
    case IssueSort::Users:
        return r.users;
    case IssueSort::Title:
        return r.title;
    case IssueSort::Level:
        return r.level;
    case IssueSort::Status:
        return r.status;
    case IssueSort::Assignee:
        return r.assignee.value_or(std::string()); // the list shows no assignee and '' alike
    }
    return std::int64_t(0);
}

// The expected order: by value (strings as bytes, std::char_traits<char> compares
// them unsigned, as SQLite's BINARY collation does), ties by id, both reversed
// when descending.
QList<qint64> expectedOrder(std::vector<Row> rows, IssueSort sort, bool descending)
{
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        const Value va = valueOf(a, sort);
        const Value vb = valueOf(b, sort);
        if (va != vb)
            return descending ? vb < va : va < vb;
        return descending ? b.id < a.id : a.id < b.id;
    });
    QList<qint64> ids;
    for (const Row& r : rows)
        ids << r.id;
    return ids;
}

} // namespace

class TestIssuePaging : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::vector<Row> m_rows;

private Q_SLOTS:
    void initTestCase();
    void pagesWithTies_data();
    void pagesWithTies();
};

void TestIssuePaging::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto ws = Workspace::open(m_dir.filePath(QStringLiteral("paging.stackdeck")).toStdString());
    QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
    m_ws = std::move(*ws);
    m_rows = makeRows();
    sql::Database& db = m_ws->db();
    db.exec("INSERT INTO projects(id, name, created_at) VALUES(1, 'p', 0)");
    sql::Statement insert(db,
        "INSERT INTO issues(id, project_id, primary_hash, title, first_seen, last_seen, event_count, user_count, "
        "level, status, assignee) VALUES(?1, 1, 'h' || ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (const Row& r : m_rows) {
        insert.reset();
        insert.bind(1, r.id).bind(2, r.title).bind(3, r.firstSeen).bind(4, r.lastSeen).bind(5, r.events);
        insert.bind(6, r.users).bind(7, r.level).bind(8, r.status);
        if (r.assignee)
            insert.bind(9, *r.assignee);
        else
            insert.bindNull(9);
        insert.run();
    }
    QCOMPARE(countIssues(db, {}), static_cast<std::int64_t>(m_rows.size()));
}

void TestIssuePaging::pagesWithTies_data()
{
    QTest::addColumn<IssueSort>("sort");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<Filter>("filter");
    const std::pair<const char*, IssueSort> sorts[]
        = {{"last_seen", IssueSort::LastSeen}, {"first_seen", IssueSort::FirstSeen}, {"events", IssueSort::Events},
            {"users", IssueSort::Users}, {"title", IssueSort::Title}, {"level", IssueSort::Level},
            {"status", IssueSort::Status}, {"assignee", IssueSort::Assignee}};
    for (const auto& [name, sort] : sorts) {
        for (const bool descending : {true, false}) {
            for (const int pageSize : {1, 7, 60}) {
                for (const Filter filter : {Filter::None, Filter::Sql, Filter::Query}) {
                    const char* suffix = filter == Filter::None ? "" : filter == Filter::Sql ? " sql" : " search";
                    QTest::addRow("%s %s page %d%s", name, descending ? "desc" : "asc", pageSize, suffix)
                        << sort << descending << pageSize << filter;
                }
            }
        }
    }
}

void TestIssuePaging::pagesWithTies()
{
    QFETCH(IssueSort, sort);
    QFETCH(bool, descending);
    QFETCH(int, pageSize);
    QFETCH(Filter, filter);

    std::vector<Row> rows = m_rows;
    IssueListRequest request;
    request.sort = sort;
    request.descending = descending;
    request.limit = pageSize;
    if (filter == Filter::Sql) {
        request.filter = SqlFilter {"i.status != ?", {SqlValue(std::int64_t(1))}};
        std::erase_if(rows, [](const Row& r) { return r.status == 1; });
    } else if (filter == Filter::Query) {
        const query::CompiledQuery q = query::compileIssueQuery("!is:resolved level:>=info", kNow);
        QVERIFY2(q.ok(), q.error ? q.error->message.c_str() : "");
        QVERIFY(q.filter.params.size() >= 2);
        request.filter = q.filter;
        std::erase_if(rows, [](const Row& r) { return r.status == 1 || r.level < 1; });
    }
    const QList<qint64> expected = expectedOrder(rows, sort, descending);

    QList<qint64> seen;
    int pages = 0;
    for (;;) {
        const IssuePage page = listIssues(m_ws->db(), request);
        ++pages;
        QVERIFY(static_cast<int>(page.issues.size()) <= pageSize);
        for (const Issue& issue : page.issues)
            seen << issue.id.value;
        if (!page.next)
            break;
        QCOMPARE(static_cast<int>(page.issues.size()), pageSize); // only the last page is short
        QCOMPARE(page.next->id, page.issues.back().id.value);
        QVERIFY2(pages <= static_cast<int>(rows.size()) + 1, "the pages do not end");
        request.after = page.next;
    }
    QCOMPARE(seen, expected);
    QCOMPARE(pages,
        std::max(1,
            static_cast<int>(
                (rows.size() + static_cast<std::size_t>(pageSize) - 1) / static_cast<std::size_t>(pageSize))));
}

QTEST_GUILESS_MAIN(TestIssuePaging)
#include "tst_issuepaging.moc"
