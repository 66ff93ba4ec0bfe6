#include "common/jsonreindent.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;

Q_DECLARE_METATYPE(std::string)

class TestJsonReindent : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Where the text round-trips through nlohmann unchanged, the layout is dump(2)'s.
    void laysOutLikeDump_data()
    {
        QTest::addColumn<std::string>("json");
        QTest::newRow("object") << std::string("{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}");
        QTest::newRow("empty containers") << std::string("{\"a\":{},\"b\":[],\"c\":[{},[]]}");
        QTest::newRow("scalar") << std::string("42");
        QTest::newRow("string with escapes") << std::string("[\"a\\\"b\\\\c\\n\"]");
        QTest::newRow("whitespace around tokens") << std::string(" \n{ \"a\" :\t[ 1 , 2 ] }\r\n");
        QTest::newRow("nested arrays") << std::string("[[[1]],[2,[3,[4]]]]");
        QTest::newRow("negative and fraction") << std::string("[-1,0,0.5,-2.25]");
    }
    void laysOutLikeDump()
    {
        QFETCH(std::string, json);
        const auto out = ui::reindentJson(json);
        QVERIFY(out);
        QVERIFY(out->complete());
        QCOMPARE(
            QString::fromStdString(out->head), QString::fromStdString(nlohmann::ordered_json::parse(json).dump(2)));
    }

    // Tokens are copied as written: the text is shown as it was sent.
    void keepsTokensVerbatim()
    {
        const auto out = ui::reindentJson("{\"u\":\"\\u00e9\\/\",\"n\":1E3}");
        QVERIFY(out);
        QCOMPARE(out->head, std::string("{\n  \"u\": \"\\u00e9\\/\",\n  \"n\": 1E3\n}"));
    }

    void rejectsWhatIsNotJson_data()
    {
        QTest::addColumn<std::string>("text");
        QTest::newRow("empty") << std::string();
        QTest::newRow("plain words") << std::string("hello world");
        QTest::newRow("trailing garbage") << std::string("{} x");
        QTest::newRow("trailing comma") << std::string("[1,]");
        QTest::newRow("unquoted key") << std::string("{a:1}");
        QTest::newRow("unterminated string") << std::string("[\"abc");
        QTest::newRow("control character in string") << std::string("[\"a\tb\"]");
        QTest::newRow("bad escape") << std::string("[\"\\x\"]");
        QTest::newRow("short unicode escape") << std::string("[\"\\u12\"]");
        QTest::newRow("leading zero") << std::string("[01]");
        QTest::newRow("bare fraction") << std::string("[1.]");
        QTest::newRow("truncated literal") << std::string("[tru]");
        QTest::newRow("missing colon") << std::string("{\"a\" 1}");
        QTest::newRow("unclosed") << std::string("{\"a\":[1,2}");
    }
    void rejectsWhatIsNotJson()
    {
        QFETCH(std::string, text);
        QVERIFY(!ui::reindentJson(text));
    }

    void rejectsNestingDeeperThanTheLimit()
    {
        const std::string deep = std::string(20, '[') + std::string(20, ']');
        QVERIFY(ui::reindentJson(deep, std::string::npos, 20));
        QVERIFY(!ui::reindentJson(deep, std::string::npos, 19));
    }

    // A capped head is whole lines, and the whole text is still validated and measured.
    void capsTheHeadAtALineEnd()
    {
        std::string json = "[";
        for (int i = 0; i < 1000; ++i) {
            if (i > 0)
                json += ',';
            json += std::to_string(i);
        }
        json += "]";
        const auto whole = ui::reindentJson(json);
        const auto capped = ui::reindentJson(json, 100);
        QVERIFY(whole && capped);
        QVERIFY(!capped->complete());
        QCOMPARE(capped->totalSize, whole->head.size());
        QVERIFY(capped->head.size() <= 100);
        QVERIFY(whole->head.compare(0, capped->head.size(), capped->head) == 0);
        QCOMPARE(whole->head[capped->head.size()], '\n');
        json += 'x';
        QVERIFY(!ui::reindentJson(json, 100)); // an error after the head still counts
    }

    void cutsALongFirstLineOnACharacterBoundary()
    {
        std::string json(1, '"');
        json.append(10, 'a').append("\xC3\xA9").append(10, 'b').append(1, '"');
        const auto out = ui::reindentJson(json, 12);
        QVERIFY(out);
        QCOMPARE(out->head, std::string(1, '"').append(10, 'a'));
    }
};

QTEST_GUILESS_MAIN(TestJsonReindent)
#include "tst_jsonreindent.moc"
