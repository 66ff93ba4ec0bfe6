#include "query/queryparser.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::query;

namespace {

// AND(T(a),OR(F(level),NOT(T(b)))); `*` after a word that may match as a prefix.
QString describe(const QueryNode& node)
{
    switch (node.kind) {
    case QueryNode::Kind::Text:
        return QStringLiteral("T(") + QString::fromStdString(node.text.text)
            + (node.prefix ? QStringLiteral("*)") : QStringLiteral(")"));
    case QueryNode::Kind::Filter:
        return QStringLiteral("F(") + QString::fromStdString(node.filter.key) + QLatin1Char(')');
    case QueryNode::Kind::And:
    case QueryNode::Kind::Or:
    case QueryNode::Kind::Not: {
        QStringList children;
        for (const QueryNode& c : node.children)
            children << describe(c);
        const char* name = node.kind == QueryNode::Kind::And ? "AND" : node.kind == QueryNode::Kind::Or ? "OR" : "NOT";
        return QString::fromLatin1(name) + QLatin1Char('(') + children.join(QLatin1Char(',')) + QLatin1Char(')');
    }
    }
    return {};
}

} // namespace

class TestQueryParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trees_data();
    void trees();
    void spans();
    void errors_data();
    void errors();
    void limits_data();
    void limits();
};

void TestQueryParser::trees_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    auto row = [](const char* name, const char* text, const char* expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    row("empty", "", "");
    row("one-word-prefix", "conn", "T(conn*)");
    row("words-and", "connection reset", "AND(T(connection),T(reset*))");
    row("trailing-space-no-prefix", "connection reset ", "AND(T(connection),T(reset))");
    row("phrase-no-prefix", R"("connection reset")", "T(connection reset)");
    row("explicit-and", "a AND b", "AND(T(a),T(b*))");
    row("or", "a OR b", "OR(T(a),T(b*))");
    row("and-binds-tighter", "a b OR c", "OR(AND(T(a),T(b)),T(c*))");
    row("or-of-ands", "a OR b c", "OR(T(a),AND(T(b),T(c*)))");
    row("group", "(a OR b) c", "AND(OR(T(a),T(b)),T(c*))");
    row("nested-groups", "((a))", "T(a)");
    row("negate-filter", "!level:error", "NOT(F(level))");
    row("negate-word-no-prefix", "!conn", "NOT(T(conn))");
    row("negate-group", "-(a OR b)", "NOT(OR(T(a),T(b)))");
    row("filters-and-text", "is:unresolved level:error timeout", "AND(F(is),F(level),T(timeout*))");
    row("filter-last-no-prefix", "timeout level:error", "AND(T(timeout),F(level))");
}

void TestQueryParser::trees()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::string utf8 = text.toStdString();
    const ParseResult r = parseQuery(utf8);
    QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
    QCOMPARE(r.root ? describe(*r.root) : QString(), expected);
}

void TestQueryParser::spans()
{
    const ParseResult r = parseQuery("x !(a OR bb)");
    QVERIFY(r.root);
    const QueryNode& negation = r.root->children.at(1);
    QCOMPARE(negation.kind, QueryNode::Kind::Not);
    QCOMPARE(negation.position, 2);
    QCOMPARE(negation.children.front().position, 4);
    QCOMPARE(negation.children.front().length, 7); // "a OR bb"
}

void TestQueryParser::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("length");

    QTest::newRow("leading-or") << QStringLiteral("OR a") << QStringLiteral("OR needs a term before it") << 0 << 2;
    QTest::newRow("trailing-or") << QStringLiteral("a OR") << QStringLiteral("OR needs a term after it") << 2 << 2;
    QTest::newRow("double-or") << QStringLiteral("a OR OR b") << QStringLiteral("OR needs a term after it") << 2 << 2;
    QTest::newRow("leading-and") << QStringLiteral("AND a") << QStringLiteral("AND needs a term before it") << 0 << 3;
    QTest::newRow("trailing-and") << QStringLiteral("a AND") << QStringLiteral("AND needs a term after it") << 2 << 3;
    QTest::newRow("or-before-close") << QStringLiteral("(a OR)") << QStringLiteral("OR needs a term after it") << 3
                                     << 2;
    QTest::newRow("missing-close") << QStringLiteral("(a b") << QStringLiteral("missing ')'") << 0 << 1;
    QTest::newRow("empty-group") << QStringLiteral("a ()") << QStringLiteral("empty parentheses") << 2 << 1;
    QTest::newRow("lone-open") << QStringLiteral("a (") << QStringLiteral("missing ')'") << 2 << 1;
    QTest::newRow("too-deep") << QString(40, QLatin1Char('(')) + QStringLiteral("a") + QString(40, QLatin1Char(')'))
                              << QStringLiteral("too many nested parentheses") << 32 << 1;
    QString many;
    for (int i = 0; i < 201; ++i)
        many += QStringLiteral("w ");
    QTest::newRow("too-many-terms") << many << QStringLiteral("too many search terms (at most 200)") << 400 << 1;
    QTest::newRow("lexer-error-passes-through")
        << QStringLiteral(R"(a "b)") << QStringLiteral("missing closing quote") << 2 << 2;
}

// Each limit exactly at and one past it: the search length (10,000, counted in
// UTF-8 bytes), nesting (32 groups, negated or not) and terms (200, filters
// and words alike, inside groups too).
void TestQueryParser::limits_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message"); // empty: it parses
    QTest::addColumn<int>("position");

    const QString tooLong = QStringLiteral("the search is too long (at most 10000 characters)");
    const QString tooDeep = QStringLiteral("too many nested parentheses");
    const QString tooMany = QStringLiteral("too many search terms (at most 200)");
    auto nested = [](const QString& open, int depth) -> QString {
        return open.repeated(depth) + QStringLiteral("a") + QString(depth, QLatin1Char(')'));
    };
    auto terms = [](const QString& term, int count) -> QString {
        QStringList out;
        for (int i = 0; i < count; ++i)
            out << term;
        return out.join(QLatin1Char(' '));
    };

    QTest::newRow("length-at-limit") << QString(10'000, QLatin1Char('a')) << QString() << 0;
    QTest::newRow("length-past-limit") << QString(10'001, QLatin1Char('a')) << tooLong << 0;
    QTest::newRow("length-two-byte-chars-at-limit") << QString(5'000, QChar(0xe9)) << QString() << 0;
    QTest::newRow("length-two-byte-chars-past-limit") << QString(5'001, QChar(0xe9)) << tooLong << 0;
    QTest::newRow("depth-at-limit") << nested(QStringLiteral("("), 32) << QString() << 0;
    QTest::newRow("depth-past-limit") << nested(QStringLiteral("("), 33) << tooDeep << 32;
    QTest::newRow("negated-depth-at-limit") << nested(QStringLiteral("!("), 32) << QString() << 0;
    QTest::newRow("negated-depth-past-limit") << nested(QStringLiteral("!("), 33) << tooDeep << 65;
    QTest::newRow("words-at-limit") << terms(QStringLiteral("w"), 200) << QString() << 0;
    QTest::newRow("words-past-limit") << terms(QStringLiteral("w"), 201) << tooMany << 400;
    QTest::newRow("filters-at-limit") << terms(QStringLiteral("level:error"), 200) << QString() << 0;
    QTest::newRow("filters-past-limit") << terms(QStringLiteral("level:error"), 201) << tooMany << 2400;
    QTest::newRow("grouped-at-limit") << terms(QStringLiteral("w"), 198) + QStringLiteral(" (a OR b)") << QString()
                                      << 0;
    QTest::newRow("grouped-past-limit") << terms(QStringLiteral("w"), 199) + QStringLiteral(" (a OR b)") << tooMany
                                        << 404;
}

void TestQueryParser::limits()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, position);
    const std::string utf8 = text.toStdString();
    const ParseResult r = parseQuery(utf8);
    if (message.isEmpty()) {
        QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
        QVERIFY(r.root);
        return;
    }
    QVERIFY(r.error);
    QCOMPARE(QString::fromStdString(r.error->message), message);
    QCOMPARE(r.error->position, position);
    QVERIFY(!r.root);
}

void TestQueryParser::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, position);
    QFETCH(int, length);
    const std::string utf8 = text.toStdString();
    const ParseResult r = parseQuery(utf8);
    QVERIFY(r.error);
    QCOMPARE(QString::fromStdString(r.error->message), message);
    QCOMPARE(r.error->position, position);
    QCOMPARE(r.error->length, length);
    QVERIFY(!r.root);
}

QTEST_GUILESS_MAIN(TestQueryParser)
#include "tst_queryparser.moc"
