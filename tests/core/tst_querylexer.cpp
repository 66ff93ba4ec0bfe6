#include "query/querylexer.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::query;

namespace {

QString describeValue(const QueryValue& v)
{
    const QString text = QString::fromStdString(v.text);
    return v.quoted ? QLatin1Char('"') + text + QLatin1Char('"') : text;
}

// A compact picture of the tokens: T(word) F(key>=a|"b c") ! ( ) OR AND, `$` after a term that ends the text.
QString describe(const std::vector<Token>& tokens)
{
    static const char* const kOps[] = {"", "=", ">", ">=", "<", "<="};
    QStringList parts;
    for (const Token& t : tokens) {
        switch (t.kind) {
        case TokenKind::Term:
            parts << QStringLiteral("T(") + describeValue(t.value) + QLatin1Char(')')
                    + (t.atEnd ? QStringLiteral("$") : QString());
            break;
        case TokenKind::Filter: {
            QStringList values;
            for (const QueryValue& v : t.values)
                values << describeValue(v);
            const QString key = QString::fromStdString(t.key);
            parts << QStringLiteral("F(") + (t.tagSyntax ? QStringLiteral("tags[") + key + QLatin1Char(']') : key)
                    + QString::fromLatin1(kOps[static_cast<int>(t.comparison)]) + QLatin1Char(':')
                    + values.join(QLatin1Char('|')) + QLatin1Char(')');
            break;
        }
        case TokenKind::Not:
            parts << QStringLiteral("!");
            break;
        case TokenKind::Or:
            parts << QStringLiteral("OR");
            break;
        case TokenKind::And:
            parts << QStringLiteral("AND");
            break;
        case TokenKind::Open:
            parts << QStringLiteral("(");
            break;
        case TokenKind::Close:
            parts << QStringLiteral(")");
            break;
        }
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestQueryLexer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tokens_data();
    void tokens();
    void positions();
    void errors_data();
    void errors();
};

void TestQueryLexer::tokens_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    auto row = [](const char* name, const char* text, const char* expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    row("empty", "", "");
    row("blank", "  \t ", "");
    row("words", "connection reset", "T(connection) T(reset)$");
    row("trailing-space-not-at-end", "conn ", "T(conn)");
    row("phrase", R"("connection reset" x)", R"(T("connection reset") T(x)$)");
    row("phrase-escaped-quote", R"("x\" OR 1=1 --")", R"x(T("x" OR 1=1 --")$)x");
    row("phrase-escaped-backslash", R"("a\\b")", R"x(T("a\b")$)x");
    row("filter", "level:error", "F(level:error)");
    row("filter-comma-list", "level:warning,fatal", "F(level:warning|fatal)");
    row("filter-bracket-list", R"(release:[1.2, "1.3 beta"])", R"(F(release:1.2|"1.3 beta"))");
    row("filter-quoted", R"(release:"1.2 beta")", R"(F(release:"1.2 beta"))");
    row("filter-quoted-list", R"(release:"a b","c")", R"(F(release:"a b"|"c"))");
    row("filter-dotted-key", "os.name:Linux", "F(os.name:Linux)");
    row("filter-dashed-value", "customer:tenant-4", "F(customer:tenant-4)");
    row("filter-url-value", "url:https://x/y", "F(url:https://x/y)");
    row("filter-greater", "times_seen:>10", "F(times_seen>:10)");
    row("filter-greater-equal-date", "firstSeen:>=2024-05-01T10:00", "F(firstSeen>=:2024-05-01T10:00)");
    row("filter-relative", "lastSeen:-24h", "F(lastSeen:-24h)");
    row("filter-less-relative", "lastSeen:<-1h", "F(lastSeen<:-1h)");
    row("filter-empty-value", "level: x", "F(level:) T(x)$");
    row("filter-tags-syntax", "tags[level]:error", "F(tags[level]:error)");
    row("filter-tags-syntax-colon-key", "tags[sentry:user]:x", "F(tags[sentry:user]:x)");
    row("tags-syntax-no-spaces", "tags[a b]:c", "T(tags[a) T(b]:c)$");
    row("filter-wildcard", "release:1.2.*", "F(release:1.2.*)");
    row("negate-bang", "!level:error", "! F(level:error)");
    row("negate-dash", "-browser:Chrome", "! F(browser:Chrome)");
    row("negate-word", "!timeout", "! T(timeout)$");
    row("lone-dash-is-text", "a - b", "T(a) T(-) T(b)$");
    row("double-dash-is-text", "--verbose", "T(--verbose)$");
    row("key-must-start-with-letter", "10:30", "T(10:30)$");
    row("colon-first-is-text", ":x", "T(:x)$");
    row("or-and", "a OR b AND c", "T(a) OR T(b) AND T(c)$");
    row("lowercase-or-is-text", "a or b", "T(a) T(or) T(b)$");
    row("negated-or-is-text", "!OR", "! T(OR)$");
    row("group", "(level:error OR env:prod) x", "( F(level:error) OR F(env:prod) ) T(x)$");
    row("group-closes-value", "(a release:1.2)", "( T(a) F(release:1.2) )");
    row("paren-inside-word", "foo() bar", "T(foo()) T(bar)$");
    row("close-paren-outside-group-is-text", "NEAR(a b)", "T(NEAR(a) T(b))$");
    row("negated-group", "!(a b)", "! ( T(a) T(b) )");
    row("fts-syntax-words", "* ^ col:term", "T(*) T(^) F(col:term)");
    row("sql-in-value", "title:'); DROP TABLE events;--", "F(title:');) T(DROP) T(TABLE) T(events;--)$");
    row("unicode", "Café naïve", "T(Café) T(naïve)$");
}

void TestQueryLexer::tokens()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::string utf8 = text.toStdString();
    const LexResult result = tokenize(utf8);
    QVERIFY2(!result.error, result.error ? result.error->message.c_str() : "");
    QCOMPARE(describe(result.tokens), expected);
}

void TestQueryLexer::positions()
{
    const LexResult r = tokenize(R"(!level:>=warning "a b" release:x,"y")");
    QVERIFY(!r.error);
    QCOMPARE(r.tokens.size(), std::size_t(4));
    QCOMPARE(r.tokens[0].position, 0); // !
    const Token& level = r.tokens[1];
    QCOMPARE(level.position, 1);
    QCOMPARE(level.length, 15);
    QCOMPARE(level.keyPosition, 1);
    QCOMPARE(level.keyLength, 5);
    QCOMPARE(level.comparisonPosition, 7);
    QCOMPARE(level.comparisonLength, 2);
    QCOMPARE(level.values.front().position, 9);
    QCOMPARE(level.values.front().length, 7);
    QCOMPARE(r.tokens[2].value.position, 17);
    QCOMPARE(r.tokens[2].value.length, 5);
    const Token& release = r.tokens[3];
    QCOMPARE(release.values.size(), std::size_t(2));
    QCOMPARE(release.values[1].position, 33);
    QCOMPARE(release.values[1].length, 3);
}

void TestQueryLexer::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("length");

    QTest::newRow("unterminated-phrase") << QStringLiteral(R"(a "connection re)")
                                         << QStringLiteral("missing closing quote") << 2 << 14;
    QTest::newRow("unterminated-value") << QStringLiteral(R"(release:"1.2)") << QStringLiteral("missing closing quote")
                                        << 8 << 4;
    QTest::newRow("text-after-quote") << QStringLiteral(R"("a"b)")
                                      << QStringLiteral("expected a space after the closing quote") << 0 << 4;
    QTest::newRow("empty-list-item") << QStringLiteral("level:error,,fatal")
                                     << QStringLiteral("empty value in the list") << 12 << 1;
    QTest::newRow("trailing-comma") << QStringLiteral("level:error,") << QStringLiteral("empty value in the list") << 12
                                    << 1;
    QTest::newRow("unclosed-bracket") << QStringLiteral("release:[a, b")
                                      << QStringLiteral("missing ']' at the end of the list") << 8 << 5;
    QTest::newRow("too-long") << QString(10'001, QLatin1Char('a'))
                              << QStringLiteral("the search is too long (at most 10000 characters)") << 0 << 10'001;
}

void TestQueryLexer::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, position);
    QFETCH(int, length);
    const std::string utf8 = text.toStdString();
    const LexResult result = tokenize(utf8);
    QVERIFY(result.error);
    QCOMPARE(QString::fromStdString(result.error->message), message);
    QCOMPARE(result.error->position, position);
    QCOMPARE(result.error->length, length);
    QVERIFY(result.tokens.empty());
}

QTEST_GUILESS_MAIN(TestQueryLexer)
#include "tst_querylexer.moc"
