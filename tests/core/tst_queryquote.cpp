// A click on a tag builds `key:value`: query::tagSearchTerm must write it so
// that the lexer and parser read back exactly that key and that value, taken
// literally, whatever the value holds.

#include "query/queryparser.h"
#include "query/queryquote.h"
#include "query/queryvalues.h"

#include <QTest>

#include <algorithm>

using namespace stackdeck;
using namespace stackdeck::query;

class TestQueryQuote : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripsThroughTheParser_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("tagSyntax");
        QTest::newRow("plain") << "browser"
                               << "Chrome" << false;
        QTest::newRow("built-in tag key") << "level"
                                          << "error" << false;
        QTest::newRow("space") << "browser"
                               << "Mobile Safari" << false;
        QTest::newRow("double quote") << "customer"
                                      << "say \"hi\"" << false;
        QTest::newRow("backslash") << "path"
                                   << "C:\\Users\\x" << false;
        QTest::newRow("trailing backslash") << "path"
                                            << "dir\\" << false;
        QTest::newRow("backslash before quote") << "k"
                                                << "a\\\"b" << false;
        QTest::newRow("colon") << "url"
                               << "http://example.com:8080/a" << false;
        QTest::newRow("leading bang") << "k"
                                      << "!important" << false;
        QTest::newRow("leading minus") << "k"
                                       << "-1" << false;
        QTest::newRow("comparison") << "k"
                                    << ">=5" << false;
        QTest::newRow("equals") << "k"
                                << "=x" << false;
        QTest::newRow("list syntax") << "k"
                                     << "[a, b]" << false;
        QTest::newRow("comma") << "k"
                               << "a,b" << false;
        QTest::newRow("asterisk is no wildcard") << "k"
                                                 << "a*b" << false;
        QTest::newRow("escaped asterisk") << "k"
                                          << "a\\*b" << false;
        QTest::newRow("parentheses") << "k"
                                     << "f(x))" << false;
        QTest::newRow("OR as value") << "k"
                                     << "OR" << false;
        QTest::newRow("empty value") << "k"
                                     << "" << false;
        QTest::newRow("only quotes") << "k"
                                     << "\"\"\"" << false;
        QTest::newRow("control characters") << "k"
                                            << "a\nb\tc\x1b[2J" << false;
        QTest::newRow("unicode") << "k"
                                 << "café ☃" << false;
        QTest::newRow("key starting with a digit") << "1st"
                                                   << "v" << true;
        QTest::newRow("key with a colon") << "a:b"
                                          << "v" << true;
        QTest::newRow("key shadowing a built-in") << "is"
                                                  << "resolved" << true;
        QTest::newRow("key shadowing times_seen") << "times_seen"
                                                  << ">10" << true;
        QTest::newRow("key with a bracket") << "tags[x"
                                            << "v" << true;
    }
    void roundTripsThroughTheParser()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(bool, tagSyntax);
        const auto term = tagSearchTerm(key.toStdString(), value.toStdString());
        QVERIFY(term);
        // Alone, and between other terms and inside a group.
        for (const std::string& text : {*term, "is:unresolved (" + *term + ") foo"}) {
            const ParseResult parsed = parseQuery(text);
            QVERIFY2(!parsed.error, (text + ": " + (parsed.error ? parsed.error->message : "")).c_str());
            QVERIFY(parsed.root);
            const QueryNode* filter = &*parsed.root;
            while (filter->kind == QueryNode::Kind::And) {
                const auto it = std::find_if(filter->children.begin(), filter->children.end(), [](const QueryNode& n) {
                    return n.kind == QueryNode::Kind::Filter && (n.filter.key != "is" || n.filter.tagSyntax);
                });
                QVERIFY2(it != filter->children.end(), text.c_str());
                filter = &*it;
            }
            QCOMPARE(filter->kind, QueryNode::Kind::Filter);
            const Token& t = filter->filter;
            QCOMPARE(QString::fromStdString(t.key), key);
            QCOMPARE(t.tagSyntax, tagSyntax);
            QCOMPARE(t.comparison, Comparison::None);
            QCOMPARE(t.values.size(), std::size_t {1});
            QVERIFY2(!hasWildcard(t.values[0].text), text.c_str());
            QCOMPARE(QString::fromStdString(literalValue(t.values[0].text)), value);
        }
    }

    void simpleValuesStayBare()
    {
        QCOMPARE(*tagSearchTerm("browser", "Chrome"), std::string("browser:Chrome"));
        QCOMPARE(*tagSearchTerm("os.name", "Mac-OS_X"), std::string("os.name:Mac-OS_X"));
        QCOMPARE(*tagSearchTerm("browser", "Mobile Safari"), std::string("browser:\"Mobile Safari\""));
        QCOMPARE(*tagSearchTerm("is", "x"), std::string("tags[is]:x"));
    }

    void unnameableKeys_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("empty") << QString();
        QTest::newRow("closing bracket") << QStringLiteral("a]b");
        QTest::newRow("space") << QStringLiteral("a b");
        QTest::newRow("newline") << QStringLiteral("a\nb");
    }
    void unnameableKeys()
    {
        QFETCH(QString, key);
        QVERIFY(!tagSearchTerm(key.toStdString(), "v"));
    }
};

QTEST_MAIN(TestQueryQuote)
#include "tst_queryquote.moc"
