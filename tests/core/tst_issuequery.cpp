#include "query/issuequery.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::query;

namespace {

constexpr Micros kNow = 1'717'200'000'000'000LL; // 2024-06-01T00:00:00Z
constexpr Micros kHour = 3'600'000'000LL;
constexpr Micros kDay = 24 * kHour;

QueryContext context()
{
    QueryContext c;
    c.now = kNow;
    c.tagKeys
        = {"browser", "browser.name", "customer", "environment", "level", "os.name", "release", "trace", "url", "user"};
    c.projects = {"backend", "frontend", "worker"};
    return c;
}

QStringList describeParams(const std::vector<SqlValue>& params)
{
    QStringList out;
    for (const SqlValue& p : params) {
        if (const auto* i = std::get_if<std::int64_t>(&p))
            out << QString::number(*i);
        else if (const auto* s = std::get_if<std::string>(&p))
            out << QLatin1Char('\'') + QString::fromStdString(*s) + QLatin1Char('\'');
        else
            out << QStringLiteral("?");
    }
    return out;
}

// The adaptive tag filter (see sqlfragments.cpp): probes, the set plan and
// the per-issue plan, each with its copy of the value condition.
QString tagSql(const char* valueCondition, bool glob = false, bool negated = false)
{
    const QString c = valueCondition ? QStringLiteral(" AND ") + QString::fromLatin1(valueCondition) : QString();
    const QString set = QStringLiteral("i.id IN (SELECT it.issue_id FROM issue_tags it WHERE it.tag_id IN (SELECT t.id "
                                       "FROM tags t WHERE t.key = ?")
        + c + QStringLiteral("))");
    if (negated) // every issue is visited: the id set alone
        return set;
    const QString rows = QStringLiteral("5000");
    QString sql = QStringLiteral("CASE WHEN ");
    if (glob)
        sql += QStringLiteral("(SELECT count(*) FROM (SELECT 1 FROM tags t WHERE t.key = ?") + c
            + QStringLiteral(" LIMIT 5000)) < 5000 AND ");
    sql += QStringLiteral("(SELECT count(*) FROM (SELECT 1 FROM tags t CROSS JOIN issue_tags it WHERE t.key = ?") + c
        + QStringLiteral(" AND it.tag_id = t.id LIMIT ") + rows + QStringLiteral(")) < ") + rows
        + QStringLiteral(" THEN ") + set;
    if (glob)
        sql += QStringLiteral(" ELSE EXISTS (SELECT 1 FROM issue_tags it CROSS JOIN tags t WHERE it.issue_id = i.id "
                              "AND t.id = it.tag_id AND t.key = ?")
            + c + QStringLiteral(") END");
    else
        sql += QStringLiteral(" ELSE EXISTS (SELECT 1 FROM issue_tags it WHERE it.issue_id = i.id AND it.tag_id IN "
                              "(SELECT t.id FROM tags t WHERE t.key = ?")
            + c + QStringLiteral(")) END");
    return sql;
}

// Tag parameters: key and values, once per copy of the condition.
QStringList tagParams(const QStringList& keyAndValues, int copies = 3)
{
    QStringList out;
    for (int i = 0; i < copies; ++i)
        out += keyAndValues;
    return out;
}

QString num(Micros v)
{
    return QString::number(v);
}

} // namespace

class TestIssueQuery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sql_data();
    void sql();
    void freeText_data();
    void freeText();
    void errors_data();
    void errors();
    void injection_data();
    void injection();
    void withoutWorkspace();
    void prefixIsOptIn();
    void countFilter();
};

void TestIssueQuery::sql_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QStringList>("params");

    auto row = [](const char* name, const char* text, const QString& where, const QStringList& params) {
        QTest::newRow(name) << QString::fromUtf8(text) << where << params;
    };
    const QString kAssignee = QStringLiteral("coalesce(i.assignee, '')");
    row("empty", "", QString(), {});
    row("blank", "   ", QString(), {});
    row("is-unresolved", "is:unresolved", QStringLiteral("i.status = ?"), {QStringLiteral("0")});
    row("is-resolved", "is:resolved", QStringLiteral("i.status = ?"), {QStringLiteral("1")});
    row("is-muted-alias", "is:muted", QStringLiteral("i.status = ?"), {QStringLiteral("2")});
    row("is-case-insensitive", "IS:Ignored", QStringLiteral("i.status = ?"), {QStringLiteral("2")});
    row("is-bookmarked", "is:bookmarked", QStringLiteral("i.bookmarked <> 0"), {});
    row("is-assigned", "is:assigned", kAssignee + QStringLiteral(" <> ''"), {});
    row("is-unassigned", "is:unassigned", kAssignee + QStringLiteral(" = ''"), {});
    row("is-list", "is:resolved,ignored", QStringLiteral("(i.status = ? OR i.status = ?)"),
        {QStringLiteral("1"), QStringLiteral("2")});
    row("level", "level:error", QStringLiteral("i.level = ?"), {QStringLiteral("3")});
    row("level-list", "level:warning,fatal", QStringLiteral("i.level IN (?, ?)"),
        {QStringLiteral("2"), QStringLiteral("4")});
    row("level-compare", "level:>=warning", QStringLiteral("i.level >= ?"), {QStringLiteral("2")});
    row("level-negated", "!level:error", QStringLiteral("NOT (i.level = ?)"), {QStringLiteral("3")});
    row("release", "release:1.2.0", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'release'"), QStringLiteral("'1.2.0'")}));
    row("release-quoted", R"(release:"1.2 beta")", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'release'"), QStringLiteral("'1.2 beta'")}));
    row("release-wildcard", "release:1.2.*", tagSql("t.value GLOB ?", true),
        tagParams({QStringLiteral("'release'"), QStringLiteral("'1.2.*'")}, 4));
    row("release-glob-chars-escaped", "release:a?b[c*", tagSql("t.value GLOB ?", true),
        tagParams({QStringLiteral("'release'"), QStringLiteral("'a[?]b[[]c*'")}, 4));
    row("release-literal-asterisk", R"(release:a\*b)", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'release'"), QStringLiteral("'a*b'")}));
    row("release-mixed-list", "release:1.0,2.*,3.0", tagSql("(t.value IN (?, ?) OR t.value GLOB ?)", true),
        tagParams(
            {QStringLiteral("'release'"), QStringLiteral("'1.0'"), QStringLiteral("'3.0'"), QStringLiteral("'2.*'")},
            4));
    row("env-alias", "env:production", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'environment'"), QStringLiteral("'production'")}));
    row("tag", "browser:Chrome", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'browser'"), QStringLiteral("'Chrome'")}));
    row("tag-dotted", "os.name:Linux", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'os.name'"), QStringLiteral("'Linux'")}));
    row("tag-url", "url:\"https://x/y\"", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'url'"), QStringLiteral("'https://x/y'")}));
    row("tag-negated-dash", "-customer:tenant-4",
        QStringLiteral("NOT (") + tagSql("t.value = ?", false, true) + QLatin1Char(')'),
        tagParams({QStringLiteral("'customer'"), QStringLiteral("'tenant-4'")}, 1));
    row("tag-syntax-beats-builtin", "tags[level]:error", tagSql("t.value = ?"),
        tagParams({QStringLiteral("'level'"), QStringLiteral("'error'")}));
    row("project", "project:backend", QStringLiteral("i.project_id IN (SELECT p.id FROM projects p WHERE p.name = ?)"),
        {QStringLiteral("'backend'")});
    row("project-list-and-glob", "project:backend,front*",
        QStringLiteral("i.project_id IN (SELECT p.id FROM projects p WHERE (p.name = ? OR p.name GLOB ?))"),
        {QStringLiteral("'backend'"), QStringLiteral("'front*'")});
    row("assigned", "assigned:alice@example.com", kAssignee + QStringLiteral(" = ?"),
        {QStringLiteral("'alice@example.com'")});
    row("assigned-me-literal", "assigned:me", kAssignee + QStringLiteral(" = ?"), {QStringLiteral("'me'")});
    row("has-assignee", "has:assignee", kAssignee + QStringLiteral(" <> ''"), {});
    row("has-tag", "has:browser", tagSql(nullptr, true), tagParams({QStringLiteral("'browser'")}, 4));
    row("has-tag-negated", "!has:browser", QStringLiteral("NOT (") + tagSql(nullptr, true, true) + QLatin1Char(')'),
        tagParams({QStringLiteral("'browser'")}, 1));
    row("has-user-uses-count", "has:user",
        QStringLiteral("(i.user_count > 0 OR ") + tagSql(nullptr, true) + QLatin1Char(')'),
        tagParams({QStringLiteral("'user'")}, 4));
    row("has-release-uses-columns", "has:release",
        QStringLiteral("(i.last_release IS NOT NULL OR i.first_release IS NOT NULL OR ") + tagSql(nullptr, true)
            + QLatin1Char(')'),
        tagParams({QStringLiteral("'release'")}, 4));
    row("double-negation-is-positive", "!(!browser:Chrome)",
        QStringLiteral("NOT (NOT (") + tagSql("t.value = ?") + QStringLiteral("))"),
        tagParams({QStringLiteral("'browser'"), QStringLiteral("'Chrome'")}));
    row("first-seen-relative", "firstSeen:-24h", QStringLiteral("i.first_seen >= ?"), {num(kNow - 24 * kHour)});
    row("age-alias", "age:-7d", QStringLiteral("i.first_seen >= ?"), {num(kNow - 7 * kDay)});
    row("last-seen-minutes", "lastSeen:-30m", QStringLiteral("i.last_seen >= ?"), {num(kNow - 30 * 60'000'000LL)});
    row("last-seen-weeks", "last_seen:-2w", QStringLiteral("i.last_seen >= ?"), {num(kNow - 14 * kDay)});
    row("last-seen-older-than", "lastSeen:+1d", QStringLiteral("i.last_seen < ?"), {num(kNow - kDay)});
    row("last-seen-after-relative", "lastSeen:>-7d", QStringLiteral("i.last_seen >= ?"), {num(kNow - 7 * kDay + 1)});
    row("last-seen-before-relative", "lastSeen:<-1h", QStringLiteral("i.last_seen < ?"), {num(kNow - kHour)});
    row("date-is-that-day", "lastSeen:2024-05-01", QStringLiteral("(i.last_seen >= ? AND i.last_seen < ?)"),
        {num(1'714'521'600'000'000LL), num(1'714'521'600'000'000LL + kDay)});
    row("date-after", "firstSeen:>2024-05-01", QStringLiteral("i.first_seen >= ?"),
        {num(1'714'521'600'000'000LL + kDay)});
    row("date-before", "firstSeen:<2024-05-01", QStringLiteral("i.first_seen < ?"), {num(1'714'521'600'000'000LL)});
    row("date-up-to-end", "firstSeen:<=2024-05-01", QStringLiteral("i.first_seen < ?"),
        {num(1'714'521'600'000'000LL + kDay)});
    row("datetime-from", "firstSeen:>=2024-05-01T10:00", QStringLiteral("i.first_seen >= ?"),
        {num(1'714'557'600'000'000LL)});
    row("datetime-minute", "firstSeen:2024-05-01T10:00", QStringLiteral("(i.first_seen >= ? AND i.first_seen < ?)"),
        {num(1'714'557'600'000'000LL), num(1'714'557'660'000'000LL)});
    row("times-seen", "times_seen:>10", QStringLiteral("i.event_count > ?"), {QStringLiteral("10")});
    row("events-alias-exact", "events:3", QStringLiteral("i.event_count = ?"), {QStringLiteral("3")});
    row("times-seen-k", "timesSeen:<=5k", QStringLiteral("i.event_count <= ?"), {QStringLiteral("5000")});
    row("users", "users:>3", QStringLiteral("i.user_count > ?"), {QStringLiteral("3")});
    row("title-contains", "title:reset", QStringLiteral("i.title LIKE ? ESCAPE '\\'"), {QStringLiteral("'%reset%'")});
    row("title-like-chars-escaped", "title:100%_x", QStringLiteral("i.title LIKE ? ESCAPE '\\'"),
        {QStringLiteral("'%100\\%\\_x%'")});
    row("title-wildcard", "title:conn*peer", QStringLiteral("i.title LIKE ? ESCAPE '\\'"),
        {QStringLiteral("'%conn%peer%'")});
    row("and-of-filters", "is:unresolved level:error", QStringLiteral("(i.status = ? AND i.level = ?)"),
        {QStringLiteral("0"), QStringLiteral("3")});
    row("or-of-filters", "level:fatal OR is:bookmarked", QStringLiteral("(i.level = ? OR i.bookmarked <> 0)"),
        {QStringLiteral("4")});
    row("group", "(level:fatal OR level:warning) is:resolved",
        QStringLiteral("((i.level = ? OR i.level = ?) AND i.status = ?)"),
        {QStringLiteral("4"), QStringLiteral("2"), QStringLiteral("1")});
    row("fts-only-symbols-dropped", "* ^ is:resolved", QStringLiteral("i.status = ?"), {QStringLiteral("1")});
    row("fts-only-symbols-is-everything", "* ^", QString(), {});
    row("negated-symbols-is-nothing", "!^", QStringLiteral("0"), {});
    row("or-with-everything", "level:fatal OR *", QString(), {});
}

void TestIssueQuery::sql()
{
    QFETCH(QString, text);
    QFETCH(QString, where);
    QFETCH(QStringList, params);
    const std::string utf8 = text.toStdString();
    const CompiledQuery q = compileIssueQuery(utf8, context());
    QVERIFY2(q.ok(), q.error ? q.error->message.c_str() : "");
    QCOMPARE(QString::fromStdString(q.filter.where), where);
    QCOMPARE(describeParams(q.filter.params), params);
}

void TestIssueQuery::freeText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expressions"); // FTS expressions, one per text term, in order
    QTest::addColumn<bool>("negated");

    auto row = [](const char* name, const char* text, QStringList expressions, bool negated = false) {
        QTest::newRow(name) << QString::fromUtf8(text) << expressions << negated;
    };
    row("word-prefix-while-typing", "timeout", {QStringLiteral("\"timeout\" *")});
    row("short-word-no-prefix", "ab", {QStringLiteral("\"ab\"")});
    row("prefix-at-min-length", "abc", {QStringLiteral("\"abc\" *")}); // kMinPrefixLength is 3
    row("words-last-is-prefix", "connection reset", {QStringLiteral("\"connection\""), QStringLiteral("\"reset\" *")});
    row("words-trailing-space", "connection reset ", {QStringLiteral("\"connection\""), QStringLiteral("\"reset\"")});
    row("phrase", R"("connection reset")", {QStringLiteral("\"connection reset\"")});
    row("phrase-with-quote", R"("x\" OR 1=1 --")", {QStringLiteral("\"x\"\" OR 1=1 --\"")});
    row("near-is-quoted", "NEAR(a b) ", {QStringLiteral("\"NEAR(a\""), QStringLiteral("\"b)\"")});
    row("column-filter-is-quoted", R"("col:term")", {QStringLiteral("\"col:term\"")});
    row("caret-word", "^caret ", {QStringLiteral("\"^caret\"")});
    row("star-inside-word", "a*b ", {QStringLiteral("\"a*b\"")});
    row("fts-operators-are-words", "NOT x ", {QStringLiteral("\"NOT\""), QStringLiteral("\"x\"")});
    row("negated-word", "!timeout", {QStringLiteral("\"timeout\"")}, true);
    row("message-key", R"(message:"out of memory")", {QStringLiteral("\"out of memory\"")});
    row("unicode", "café ", {QStringLiteral("\"café\"")});
}

void TestIssueQuery::freeText()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expressions);
    QFETCH(bool, negated);
    const std::string utf8 = text.toStdString();
    QueryContext c = context();
    c.prefixLastWord = true;
    const CompiledQuery q = compileIssueQuery(utf8, c);
    QVERIFY2(q.ok(), q.error ? q.error->message.c_str() : "");
    // For a first page each term binds its expression three times (probe, id set,
    // per-issue check); negated, and in the count filter, only the id set is used.
    // Each also binds it twice for notes (issue notes, notes on its events).
    auto expected = [&](int copies) {
        QStringList out;
        for (const QString& e : expressions) {
            for (int i = 0; i < copies; ++i)
                out << QLatin1Char('\'') + e + QLatin1Char('\'');
        }
        return out;
    };
    const int copies = negated ? 3 : 5;
    QCOMPARE(describeParams(q.filter.params), expected(copies));
    const QString where = QString::fromStdString(q.filter.where);
    QCOMPARE(where.count(QStringLiteral("search MATCH ?")), copies * expressions.size());
    QCOMPARE(where.startsWith(QStringLiteral("NOT (")), negated);
    QVERIFY(where.contains(QStringLiteral("rowid >> 20")));
    QCOMPARE(describeParams(q.countFilter.params), expected(3));
    // Counting visits every issue: the id set, never the per-issue range check.
    QVERIFY(!QString::fromStdString(q.countFilter.where).contains(QStringLiteral("rowid >= (i.id << 20)")));
}

void TestIssueQuery::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("length");

    auto row = [](const char* name, const char* text, const char* message, int position, int length) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(message) << position << length;
    };
    row("unknown-key-suggests-builtin", "is:unresolved lvel:error",
        "unknown search key 'lvel' \xE2\x80\x94 did you mean 'level'?", 14, 4);
    row("unknown-key-suggests-tag", "brwser:Chrome", "unknown search key 'brwser' \xE2\x80\x94 did you mean 'browser'?",
        0, 6);
    row("unknown-key-suggests-tag-case", "Browser:Chrome",
        "unknown search key 'Browser' \xE2\x80\x94 did you mean 'browser'?", 0, 7);
    row("unknown-key-no-suggestion", "colour:red",
        "unknown search key 'colour' (no built-in key or tag key has that name; to search for text with a colon, put "
        "it in quotes)",
        0, 6);
    row("fts-column-syntax-is-a-key", "col:term",
        "unknown search key 'col' (no built-in key or tag key has that name; to search for text with a colon, put it "
        "in quotes)",
        0, 3);
    row("unknown-tag-syntax", "tags[lvel]:x", "unknown search key 'lvel' \xE2\x80\x94 did you mean 'level'?", 5, 4);
    row("missing-value", "level: x", "missing value after 'level:'", 0, 6);
    row("invalid-level", "level:loud", "invalid level 'loud' (expected debug, info, warning, error or fatal)", 6, 4);
    row("invalid-level-suggests", "level:eror", "invalid level 'eror' \xE2\x80\x94 did you mean 'error'?", 6, 4);
    row("invalid-level-in-list", "level:error,loud",
        "invalid level 'loud' (expected debug, info, warning, error or fatal)", 12, 4);
    row("invalid-status", "is:sleeping",
        "invalid value 'sleeping' for 'is' (expected unresolved, resolved, ignored, bookmarked, assigned, "
        "unassigned, deleted or merged)",
        3, 8);
    row("invalid-status-suggests", "is:unresloved",
        "invalid value 'unresloved' for 'is' \xE2\x80\x94 did you mean 'unresolved'?", 3, 10);
    row("invalid-relative-unit", "lastSeen:-3x",
        "invalid time '-3x' for 'lastSeen' (expected a relative time like -24h, -7d, -30m, -2w, +1d or a date like "
        "2024-05-01 or 2024-05-01T10:00)",
        9, 3);
    row("invalid-date", "firstSeen:2024-13-01",
        "invalid time '2024-13-01' for 'firstSeen' (expected a relative time like -24h, -7d, -30m, -2w, +1d or a date "
        "like 2024-05-01 or 2024-05-01T10:00)",
        10, 10);
    row("invalid-count", "times_seen:>many", "invalid number 'many' for 'times_seen' (expected like 10 or 5k)", 12, 4);
    row("time-list", "lastSeen:-1h,-2h", "'lastSeen' takes a single value, not a list", 13, 3);
    row("comparison-on-tag", "browser:>Chrome", "comparison '>' does not apply to 'browser'", 8, 1);
    row("comparison-on-release", "release:>=1.0", "comparison '>=' does not apply to 'release'", 8, 2);
    row("comparison-with-level-list", "level:>error,fatal", "'level' takes a single value, not a list", 13, 5);
    row("unknown-project", "project:bakend", "unknown project 'bakend' \xE2\x80\x94 did you mean 'backend'?", 8, 6);
    row("unknown-has-key", "has:brwser", "unknown tag key 'brwser' for has: \xE2\x80\x94 did you mean 'browser'?", 4,
        6);
    row("error-inside-group", "(a OR lvel:x)", "unknown search key 'lvel' \xE2\x80\x94 did you mean 'level'?", 6, 4);
    row("error-inside-negation", "!is:sleeping",
        "invalid value 'sleeping' for 'is' (expected unresolved, resolved, ignored, bookmarked, assigned, "
        "unassigned, deleted or merged)",
        4, 8);
    row("parse-error-first", "lvel:x (", "missing ')'", 7, 1);
    row("url-needs-quotes", "http://example.com",
        "unknown search key 'http' (no built-in key or tag key has that name; to search for text with a colon, put "
        "it in quotes)",
        0, 4);
}

void TestIssueQuery::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, position);
    QFETCH(int, length);
    const std::string utf8 = text.toStdString();
    const CompiledQuery q = compileIssueQuery(utf8, context());
    QVERIFY(!q.ok());
    QCOMPARE(QString::fromStdString(q.error->message), message);
    QCOMPARE(q.error->position, position);
    QCOMPARE(q.error->length, length);
    QVERIFY(q.filter.isEmpty());
    QVERIFY(q.filter.params.empty());
}

void TestIssueQuery::injection_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("payload"); // must reach the SQL only as a parameter

    QTest::newRow("title-drop-table") << QStringLiteral(R"(title:"'); DROP TABLE events;--")")
                                      << QStringLiteral("DROP TABLE");
    QTest::newRow("tag-value-quote") << QStringLiteral(R"(browser:"x' OR '1'='1")") << QStringLiteral("'1'='1");
    QTest::newRow("phrase-quote-or") << QStringLiteral(R"("x\" OR 1=1 --")") << QStringLiteral("1=1");
    QTest::newRow("word-semicolon") << QStringLiteral("a;DELETE FROM issues") << QStringLiteral("DELETE");
    QTest::newRow("tag-key-syntax") << QStringLiteral("tags[x');DROP/**/TABLE/**/tags;--]:v") << QStringLiteral("DROP");
    QTest::newRow("project-glob") << QStringLiteral("project:*'--") << QStringLiteral("'--");
    QTest::newRow("assigned") << QStringLiteral("assigned:\"' OR 1 --\"") << QStringLiteral("OR 1 --");
}

void TestIssueQuery::injection()
{
    QFETCH(QString, text);
    QFETCH(QString, payload);
    const std::string utf8 = text.toStdString();
    QueryContext c = context();
    c.workspaceKnown = false; // accept the odd tag key so the value reaches SQL generation
    const CompiledQuery q = compileIssueQuery(utf8, c);
    QVERIFY2(q.ok(), q.error ? q.error->message.c_str() : "");
    QVERIFY(!q.filter.where.empty());
    QVERIFY2(!QString::fromStdString(q.filter.where).contains(payload), q.filter.where.c_str());
    bool bound = false;
    for (const auto& p : q.filter.params) {
        if (const auto* s = std::get_if<std::string>(&p); s && QString::fromStdString(*s).contains(payload))
            bound = true;
    }
    QVERIFY(bound);
}

void TestIssueQuery::withoutWorkspace()
{
    // The original entry point: no workspace knowledge, any key is a tag key.
    const CompiledQuery q = compileIssueQuery("lvel:x project:anything", kNow);
    QVERIFY(q.ok());
    QCOMPARE(describeParams(q.filter.params),
        tagParams({QStringLiteral("'lvel'"), QStringLiteral("'x'")}) << QStringLiteral("'anything'"));
    QVERIFY(!compileIssueQuery("level:loud", kNow).ok());
}

void TestIssueQuery::prefixIsOptIn()
{
    const CompiledQuery q = compileIssueQuery("timeout", context());
    QVERIFY(q.ok());
    QCOMPARE(describeParams(q.filter.params).value(0), QStringLiteral("'\"timeout\"'"));
}

void TestIssueQuery::countFilter()
{
    // Same issues, planned for visiting them all: id sets for text and tags.
    const CompiledQuery q = compileIssueQuery("browser:Chrome level:error", context());
    QVERIFY(q.ok());
    QCOMPARE(QString::fromStdString(q.countFilter.where),
        QStringLiteral("(") + tagSql("t.value = ?", false, true) + QStringLiteral(" AND i.level = ?)"));
    QCOMPARE(describeParams(q.countFilter.params),
        QStringList({QStringLiteral("'browser'"), QStringLiteral("'Chrome'"), QStringLiteral("3")}));
    const CompiledQuery empty = compileIssueQuery("", context());
    QVERIFY(empty.countFilter.isEmpty());
    const CompiledQuery bad = compileIssueQuery("lvel:x", context());
    QVERIFY(bad.countFilter.isEmpty());
}

QTEST_GUILESS_MAIN(TestIssueQuery)
#include "tst_issuequery.moc"
