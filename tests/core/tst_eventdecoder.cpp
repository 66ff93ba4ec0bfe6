#include "formats/eventdecoder.h"
#include "testsupport.h"

#include <QTest>

using namespace stackdeck;

class TestEventDecoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void samplesDecode_data();
    void samplesDecode();
    void fields_data();
    void fields();
};

void TestEventDecoder::samplesDecode_data()
{
    QTest::addColumn<QString>("file");
    STACKDECK_REQUIRE_CORPUS();
    for (const QString& f : test::corpusFiles(QStringLiteral("samples"), { QStringLiteral("*.json") }))
        QTest::newRow(qPrintable(f)) << f;
}

void TestEventDecoder::samplesDecode()
{
    QFETCH(QString, file);
    const QByteArray bytes = test::readFile(test::corpusPath(file));
    QVERIFY(!bytes.isEmpty());
    auto result = decodeEventJson(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
}

void TestEventDecoder::fields_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");

    QTest::newRow("dashed-event-id") << QByteArray(R"({"event_id":"5F1C1C0A-9B8E-4C6F-8E0D-1B2A3C4D5E6F","message":"x"})")
                                     << QStringLiteral("eventId") << QStringLiteral("5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f");
    QTest::newRow("message-string-to-logentry") << QByteArray(R"({"message":"hello"})") << QStringLiteral("formatted")
                                                << QStringLiteral("hello");
    QTest::newRow("logentry-params") << QByteArray(R"({"logentry":{"message":"a %s b %d","params":["x",3]}})")
                                     << QStringLiteral("formatted") << QStringLiteral("a x b 3");
    QTest::newRow("type-from-value") << QByteArray(R"({"exception":{"type":null,"value":"ValueError: bad thing"}})")
                                     << QStringLiteral("exceptionType") << QStringLiteral("ValueError");
    QTest::newRow("level-python-number") << QByteArray(R"({"message":"x","level":30})") << QStringLiteral("level")
                                         << QStringLiteral("warning");
    QTest::newRow("nan-tolerated") << QByteArray(R"({"message":"x","extra":{"a":NaN,"b":-Infinity}})")
                                   << QStringLiteral("extra") << QStringLiteral(R"({"a":null,"b":null})");
    QTest::newRow("timestamp-offset") << QByteArray(R"({"message":"x","timestamp":"2011-05-02T17:41:36-02:00"})")
                                      << QStringLiteral("timestamp") << QStringLiteral("1304365296000000");
    QTest::newRow("tags-pairs-null") << QByteArray(R"({"message":"x","tags":[["a","1"],["b",null],["a","2"]]})")
                                     << QStringLiteral("tagA") << QStringLiteral("1");
}

void TestEventDecoder::fields()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    auto result = decodeEventJson(std::string_view(json.constData(), static_cast<size_t>(json.size())));
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    const Event& e = *result;
    QString actual;
    if (field == QLatin1String("eventId"))
        actual = QString::fromStdString(e.eventId);
    else if (field == QLatin1String("formatted"))
        actual = e.logentry ? QString::fromStdString(e.logentry->formatted) : QString();
    else if (field == QLatin1String("exceptionType"))
        actual = e.exceptions.empty() ? QString() : QString::fromStdString(e.exceptions.back().type);
    else if (field == QLatin1String("level"))
        actual = QString::fromUtf8(levelName(e.level).data());
    else if (field == QLatin1String("extra"))
        actual = QString::fromStdString(e.extra.text);
    else if (field == QLatin1String("timestamp"))
        actual = e.timestamp ? QString::number(*e.timestamp) : QString();
    else if (field == QLatin1String("tagA"))
        actual = findPair(e.tags, "a") ? QString::fromStdString(*findPair(e.tags, "a")) : QString();
    QCOMPARE(actual, expected);
}

QTEST_GUILESS_MAIN(TestEventDecoder)
#include "tst_eventdecoder.moc"
