#include "query/issuequery.h"
#include "queryfixture.h"
#include "store/issuequeries.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::query;
using stackdeck::test::QueryFixture;

namespace {

const QString kAll = QStringLiteral("connector,ftssyntax,inject,keyerror,oom,reset,slow,typeerr");

} // namespace

// Each search against a real workspace written by EventWriter: exactly the
// expected issues, through listIssues (paged) and countIssues, and the tables
// are still there afterwards.
class TestQuerySql : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void context();
    void matches_data();
    void matches();
    void pagesWithFilter();
    void commonTextPlan();
    void manyValuedKeyPlan();

private:
    QStringList run(QueryFixture& f, const std::string& text, const QueryContext& context, QString* error = nullptr);
    void verifyTablesIntact(QueryFixture& f);
    QueryFixture m_fixture;
    std::int64_t m_events = 0;
};

void TestQuerySql::initTestCase()
{
    QVERIFY(m_fixture.open());
    const auto events = test::standardEvents();
    m_events = static_cast<std::int64_t>(events.size());
    m_fixture.write(events);
    test::applyTriage(m_fixture);
    QCOMPARE(m_fixture.allLabels().join(QLatin1Char(',')), kAll);
}

QStringList TestQuerySql::run(QueryFixture& f, const std::string& text, const QueryContext& context, QString* error)
{
    const CompiledQuery q = compileIssueQuery(text, context);
    if (!q.ok()) {
        if (error)
            *error = QString::fromStdString(q.error->message);
        return {};
    }
    auto list = [&](const SqlFilter& filter) {
        QStringList labels;
        store::IssueListRequest request;
        request.filter = filter;
        request.limit = 3; // several pages: the filter's parameters and the cursor's must both bind right
        for (;;) {
            const store::IssuePage page = store::listIssues(f.db(), request);
            for (const Issue& issue : page.issues)
                labels << f.label(issue.id.value);
            if (!page.next)
                break;
            request.after = page.next;
        }
        labels.sort();
        return labels;
    };
    QStringList labels = list(q.filter);
    // The count filter is planned differently but must select the same issues.
    if (list(q.countFilter) != labels)
        labels << QStringLiteral("<count filter differs>");
    if (store::countIssues(f.db(), q.countFilter) != labels.size())
        labels << QStringLiteral("<count differs>");
    return labels;
}

void TestQuerySql::verifyTablesIntact(QueryFixture& f)
{
    auto& st = f.db().cached("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM issues), "
                             "(SELECT count(*) FROM tags) > 0, (SELECT count(*) FROM issue_tags) > 0");
    QVERIFY(st.step());
    QCOMPARE(st.int64(0), m_events);
    QCOMPARE(st.int64(1), std::int64_t(8));
    QCOMPARE(st.int64(2), std::int64_t(1));
    QCOMPARE(st.int64(3), std::int64_t(1));
    st.reset();
}

void TestQuerySql::context()
{
    const auto c = loadQueryContext(m_fixture.db(), test::kQueryNow);
    QVERIFY(c.ok());
    const std::set<std::string> keys
        = {"browser", "customer", "environment", "level", "os.name", "release", "url", "user"};
    QCOMPARE(c->tagKeys, keys);
    QCOMPARE(c->projects, std::set<std::string>({"backend", "frontend", "worker"}));
    QCOMPARE(c->now, test::kQueryNow);
}

void TestQuerySql::matches_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // sorted labels, or "error: <message start>"

    auto row = [](const char* name, const char* text, const QString& expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << expected;
    };
    auto labels = [](const char* l) { return QString::fromLatin1(l); };
    row("empty-is-all", "", kAll);
    row("word-prefix-while-typing", "connection", labels("reset"));
    row("short-prefix", "conn", labels("connector,reset"));
    row("trailing-space-ends-prefix", "conn ", QString());
    row("phrase", R"("connection reset")", labels("reset"));
    row("phrase-order-matters", R"("reset connection")", QString());
    row("words-and", "reset peer", labels("reset"));
    row("words-from-different-texts", "peer socket ", labels("reset"));
    row("frame-function", "socket_read", labels("reset"));
    row("frame-module", "net.socket ", labels("reset"));
    row("negated-word", "!connection", labels("connector,ftssyntax,inject,keyerror,oom,slow,typeerr"));
    row("diacritics-folded", "cafe", labels("connector"));
    row("diacritics-in-query", "Café ", labels("connector"));
    row("or-words", "reset OR undefined", labels("reset,typeerr"));
    row("is-unresolved", "is:unresolved", labels("connector,ftssyntax,inject,keyerror,reset,typeerr"));
    row("is-resolved", "is:resolved", labels("slow"));
    row("is-ignored", "is:ignored", labels("oom"));
    row("is-muted", "is:muted", labels("oom"));
    row("is-bookmarked", "is:bookmarked", labels("oom"));
    row("is-assigned", "is:assigned", labels("oom"));
    row("is-unassigned", "is:unassigned", labels("connector,ftssyntax,inject,keyerror,reset,slow,typeerr"));
    row("is-list", "is:resolved,ignored", labels("oom,slow"));
    row("not-unresolved", "!is:unresolved", labels("oom,slow"));
    row("level", "level:error", labels("connector,keyerror,reset,typeerr"));
    row("level-list", "level:warning,fatal", labels("oom,slow"));
    row("level-at-least", "level:>=warning", labels("connector,keyerror,oom,reset,slow,typeerr"));
    row("level-below", "level:<info", labels("ftssyntax"));
    row("release", "release:1.2.0", labels("connector,reset"));
    row("release-wildcard", "release:1.2.*", labels("connector,reset,typeerr"));
    row("release-wildcard-space", "release:1.2*", labels("connector,reset,slow,typeerr"));
    row("release-quoted", R"(release:"1.2 beta")", labels("slow"));
    row("release-negated", "!release:1.2.0", labels("ftssyntax,inject,keyerror,oom,slow,typeerr"));
    row("environment", "environment:production", labels("connector,oom,reset,slow"));
    row("env-alias", "env:dev", labels("ftssyntax,inject"));
    row("project", "project:backend", labels("oom,reset,slow"));
    row("project-list", "project:backend,worker", labels("ftssyntax,keyerror,oom,reset,slow"));
    row("project-glob", "project:front*", labels("connector,inject,typeerr"));
    row("project-negated-dash", "-project:backend", labels("connector,ftssyntax,inject,keyerror,typeerr"));
    row("assigned", "assigned:alice@example.com", labels("oom"));
    row("assigned-me", "assigned:me", QString());
    row("not-assigned-keeps-unassigned", "!assigned:alice@example.com",
        labels("connector,ftssyntax,inject,keyerror,reset,slow,typeerr"));
    row("has-release", "has:release", labels("connector,ftssyntax,inject,oom,reset,slow,typeerr"));
    row("has-not-environment", "!has:environment", labels("keyerror"));
    row("has-user", "has:user", labels("connector,inject,reset,typeerr"));
    row("has-tag", "has:browser", labels("connector,reset,slow,typeerr"));
    row("has-assignee", "has:assignee", labels("oom"));
    row("tag", "browser:Chrome", labels("reset,slow"));
    row("tag-list", "browser:Chrome,Safari", labels("connector,reset,slow"));
    row("tag-case-sensitive", "browser:chrome", QString());
    row("tag-dotted-key", "os.name:Linux", labels("reset"));
    row("tag-custom", "customer:tenant-4", labels("reset"));
    row("tag-url-quoted", R"(url:"https://x/y")", labels("reset"));
    row("tag-url-bare", "url:https://x/y", labels("reset"));
    row("tag-syntax", "tags[level]:warning", labels("slow"));
    row("last-seen-24h", "lastSeen:-24h", labels("reset"));
    row("last-seen-3d", "lastSeen:-3d", labels("connector,reset,typeerr"));
    row("last-seen-after", "lastSeen:>-7d", labels("connector,inject,keyerror,reset,typeerr"));
    row("last-seen-before", "lastSeen:<-1h", labels("connector,ftssyntax,inject,keyerror,oom,slow,typeerr"));
    row("last-seen-older-than", "lastSeen:+10d", labels("oom,slow"));
    row("last-seen-day", "lastSeen:2024-05-01", labels("oom"));
    row("first-seen-minute", "firstSeen:2024-05-01T10:30", labels("oom"));
    row("first-seen-up-to", "firstSeen:<=2024-05-01T10:29", QString());
    row("first-seen-week", "firstSeen:-7d", labels("connector,ftssyntax,inject,keyerror,typeerr"));
    row("age-24h", "age:-24h", QString());
    row("times-seen", "times_seen:>10", labels("slow"));
    row("events-exact", "events:3", labels("reset"));
    row("users", "users:>1", labels("reset"));
    row("users-none", "users:0", labels("ftssyntax,keyerror,oom,slow"));
    row("title", "title:reset", labels("reset"));
    row("title-case-insensitive", "title:RESET", labels("reset"));
    row("title-wildcard", "title:conn*peer", labels("reset"));
    row("culprit", "culprit:app.oom", labels("oom"));
    row("message", R"(message:"out of memory")", labels("oom"));
    row("group-and-status", "(level:fatal OR level:warning) is:resolved", labels("slow"));
    row("negated-group", "!(level:error OR level:fatal)", labels("ftssyntax,inject,slow"));
    row("mixed", "is:unresolved env:production conn", labels("connector,reset"));
    // Injection attempts: they run, match what their text says, and nothing is dropped.
    row("inject-title-unquoted", "title:'); DROP TABLE events;--", labels("inject"));
    row("inject-title-quoted", R"(title:"'); DROP TABLE events;--")", labels("inject"));
    row("inject-phrase-quote", R"("x\" OR 1=1 --")", labels("inject"));
    row("inject-tag-value", R"(browser:"x' OR '1'='1")", QString());
    row("inject-words", "a;DELETE FROM issues", QString());
    row("inject-assigned", R"(assigned:"' OR 1 --")", QString());
    row("inject-project-glob", "project:*'--", QString());
    row("fts-near", "NEAR(alpha beta)", labels("ftssyntax"));
    row("fts-column-quoted", R"("col:term")", labels("ftssyntax"));
    row("fts-column-bare-is-a-key", "col:term", QStringLiteral("error: unknown search key 'col'"));
    row("fts-star", "*", kAll);
    row("fts-caret", "^", kAll);
    row("fts-caret-word", "^caret", labels("ftssyntax"));
    row("fts-quoted-near", R"("NEAR(alpha" OR nothing)", labels("ftssyntax"));
    row("fts-operator-word", "NOT ", labels("typeerr"));
    row("fts-quote-only", R"(")", QStringLiteral("error: missing closing quote"));
    row("fts-empty-phrase", R"("")", kAll);
    row("unknown-key", "lvel:error", QStringLiteral("error: unknown search key 'lvel'"));
    row("invalid-level", "level:loud", QStringLiteral("error: invalid level 'loud'"));
    row("invalid-time", "lastSeen:-3x", QStringLiteral("error: invalid time '-3x'"));
    row("invalid-status", "is:sleeping", QStringLiteral("error: invalid value 'sleeping'"));
}

void TestQuerySql::matches()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    auto c = loadQueryContext(m_fixture.db(), test::kQueryNow);
    QVERIFY(c.ok());
    c->prefixLastWord = true; // the rows cover prefix matching too
    QString error;
    const QStringList actual = run(m_fixture, text.toStdString(), *c, &error);
    if (expected.startsWith(QStringLiteral("error: "))) {
        QVERIFY2(error.startsWith(expected.mid(7)), qPrintable(error));
    } else {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(actual.join(QLatin1Char(',')), expected);
    }
    verifyTablesIntact(m_fixture);
}

void TestQuerySql::pagesWithFilter()
{
    // Keyset pages of a filtered list: newest first, no overlap, no gap.
    const CompiledQuery q = compileIssueQuery("!is:resolved level:>=info", test::kQueryNow);
    QVERIFY(q.ok());
    store::IssueListRequest request;
    request.filter = q.filter;
    request.limit = 2;
    QStringList order;
    for (;;) {
        const auto page = store::listIssues(m_fixture.db(), request);
        for (const Issue& issue : page.issues)
            order << m_fixture.label(issue.id.value);
        if (!page.next)
            break;
        request.after = page.next;
    }
    QCOMPARE(order.join(QLatin1Char(',')), QStringLiteral("reset,connector,typeerr,keyerror,inject,oom"));
}

void TestQuerySql::commonTextPlan()
{
    // A word on many rows of densely matching issues takes the per-issue branch
    // of the free-text plan (the probe's first 20,000 rows all belong to one
    // issue); it must select the same issues as the id-set branch.
    QueryFixture f;
    QVERIFY(f.open());
    f.write(test::standardEvents());
    const std::string base = std::to_string(f.id("keyerror") << 20);
    f.exec("WITH RECURSIVE n(x) AS (SELECT 1000 UNION ALL SELECT x + 1 FROM n WHERE x < 51000) "
           "INSERT INTO search(rowid, title, body) SELECT "
        + base + " + x, '', 'filler text ' || x FROM n");
    QVERIFY(f.id("ftssyntax") > f.id("keyerror"));
    f.exec("INSERT INTO search(rowid, title, body) VALUES(" + std::to_string((f.id("ftssyntax") << 20) + 7)
        + ", '', 'filler')");
    const auto c = loadQueryContext(f.db(), test::kQueryNow);
    QVERIFY(c.ok());
    auto run = [&](const char* text) { return this->run(f, text, *c).join(QLatin1Char(',')); };
    QCOMPARE(run("filler"), QStringLiteral("ftssyntax,keyerror"));
    QCOMPARE(run("!filler"), QStringLiteral("connector,inject,oom,reset,slow,typeerr"));
    QCOMPARE(run("filler env:dev"), QStringLiteral("ftssyntax"));
    QCOMPARE(run("filler OR reset"), QStringLiteral("ftssyntax,keyerror,reset"));
    QCOMPARE(run("!(!filler)"), QStringLiteral("ftssyntax,keyerror"));
}

void TestQuerySql::manyValuedKeyPlan()
{
    // Tag filters whose values have more issue_tags rows than the probe limit
    // (like has:trace or release globs) check each issue by its own rows; the
    // result must be the same as through the issue_tags_tag index.
    QueryFixture f;
    QVERIFY(f.open());
    f.write(test::standardEvents());
    f.exec("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20500) "
           "INSERT INTO tags(key, value) SELECT 'trace', printf('%032x', x) FROM n");
    f.exec("INSERT INTO issue_tags(issue_id, tag_id, count, first_seen, last_seen) SELECT "
        + std::to_string(f.id("typeerr")) + ", id, 1, 0, 0 FROM tags WHERE key = 'trace'");
    f.exec("INSERT INTO issue_tags(issue_id, tag_id, count, first_seen, last_seen) SELECT "
        + std::to_string(f.id("oom")) + ", id, 1, 0, 0 FROM tags WHERE key = 'trace' AND value LIKE '%ff'");
    const auto c = loadQueryContext(f.db(), test::kQueryNow);
    QVERIFY(c.ok());
    auto run = [&](const char* text) { return this->run(f, text, *c).join(QLatin1Char(',')); };
    QCOMPARE(run("has:trace"), QStringLiteral("oom,typeerr"));
    QCOMPARE(run("!has:trace"), QStringLiteral("connector,ftssyntax,inject,keyerror,reset,slow"));
    QCOMPARE(run("has:trace OR has:customer"), QStringLiteral("oom,reset,typeerr"));
    QCOMPARE(run("trace:0000*"), QStringLiteral("oom,typeerr")); // 20500 rows: per-issue plan
    QCOMPARE(run("trace:*ff"), QStringLiteral("oom,typeerr")); // few rows: set plan
    QCOMPARE(run("trace:000000000000000000000000000009c4"), QStringLiteral("typeerr"));
    QCOMPARE(run("!trace:0000*"), QStringLiteral("connector,ftssyntax,inject,keyerror,reset,slow"));
    // An exact value on more issues than the probe limit: per-issue primary-key seeks. (The extra
    // rows point at issue ids that do not exist; only the probe sees them.)
    f.exec("WITH RECURSIVE n(x) AS (SELECT 100000 UNION ALL SELECT x + 1 FROM n WHERE x < 106000) "
           "INSERT INTO issue_tags(issue_id, tag_id, count, first_seen, last_seen) SELECT x, "
           "(SELECT id FROM tags WHERE key = 'browser' AND value = 'Chrome'), 1, 0, 0 FROM n");
    QCOMPARE(run("browser:Chrome"), QStringLiteral("reset,slow"));
    QCOMPARE(run("browser:Chrome,Safari"), QStringLiteral("connector,reset,slow"));
    QCOMPARE(run("!browser:Chrome"), QStringLiteral("connector,ftssyntax,inject,keyerror,oom,typeerr"));
}

QTEST_GUILESS_MAIN(TestQuerySql)
#include "tst_querysql.moc"
