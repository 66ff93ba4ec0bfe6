#include "formats/eventdecoder.h"
#include "formats/eventencoder.h"
#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <simdjson.h>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

// Over the corpus folders of roundTrip (shared/corpus is fixed).
// The Java SDK's envelope-event-attachment.txt fixture has an event item cut
// short (its JSON lacks the closing brace): the one record that fails to decode.
constexpr auto kCutShortFixture = "envelopes/sentry-java/envelope-event-attachment.txt";
constexpr int kRoundTripEvents = 338;
constexpr int kRoundTripNotEvents = 36;

// decode -> encode -> decode must give the same Event (the shape is not encoded).
QString roundTripProblem(const Event& original)
{
    for (bool pretty : {false, true}) {
        const std::string json = encodeEventJson(original, pretty);
        if (!simdjson::validate_utf8(json.data(), json.size()))
            return QStringLiteral("output is not valid UTF-8");
        auto again = decodeEventJson(json);
        if (!again.ok())
            return QStringLiteral("encoded event does not decode: ") + QString::fromStdString(again.error().message);
        Event a = original;
        a.shape = EventShape::Protocol;
        if (!(*again == a)) {
            const std::string second = encodeEventJson(*again, false);
            const std::string first = encodeEventJson(a, false);
            std::size_t at = 0;
            while (at < first.size() && at < second.size() && first[at] == second[at])
                ++at;
            return QStringLiteral("differs after the round trip near: ")
                + QString::fromStdString(first.substr(at > 80 ? at - 80 : 0, 160)) + QStringLiteral(" <> ")
                + QString::fromStdString(second.substr(at > 80 ? at - 80 : 0, 160));
        }
    }
    return {};
}

} // namespace

class TestEventEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void canonicalForms();
    void escaping_data();
    void escaping();
    void prettyAndCompactAgree();
    void roundTripCoveredTheCorpus();

private:
    // What roundTrip went through, over all its rows.
    int m_rows = 0;
    int m_events = 0;
    int m_notEvents = 0;
    int m_invalid = 0;
};

void TestEventEncoder::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    STACKDECK_REQUIRE_CORPUS();
    for (const QString& folder : {QStringLiteral("samples"), QStringLiteral("events-extra"),
             QStringLiteral("envelopes"), QStringLiteral("api-examples"), QStringLiteral("sdk/received")}) {
        for (const QString& f : corpusFiles(folder,
                 {QStringLiteral("*.json"), QStringLiteral("*.envelope"), QStringLiteral("*.txt"),
                     QStringLiteral("*.dat"), QStringLiteral("*.golden")}))
            QTest::newRow(qPrintable(f)) << f;
    }
}

void TestEventEncoder::roundTrip()
{
    QFETCH(QString, file);
    auto source = RecordSource::open(corpusPath(file).toStdString());
    QVERIFY(source.ok());
    RawRecord r;
    int records = 0;
    while ((*source)->next(r)) {
        ++records;
        auto decoded = decodeRecord(r);
        if (!decoded.ok()) {
            // Only what is not an event at all, or the one cut-short fixture, is left
            // out; any other decoder error fails.
            const std::string& message = decoded.error().message;
            if (file == QLatin1String(kCutShortFixture) && message.find("invalid JSON") != std::string::npos) {
                ++m_invalid;
                continue;
            }
            QVERIFY2(message.rfind("not a Sentry event: ", 0) == 0, (r.location.describe() + ": " + message).c_str());
            ++m_notEvents;
            continue;
        }
        for (const DecodedEvent& de : decoded->events) {
            const QString problem = roundTripProblem(de.event);
            QVERIFY2(problem.isEmpty(),
                qPrintable(QString::fromStdString(r.location.describe()) + QStringLiteral(": ") + problem));
            ++m_events;
        }
    }
    QVERIFY2(records > 0, "no records: the file did not split");
    ++m_rows;
}

// The rows above round-tripped this many events and left out this many
// records as not events: a decoder that starts rejecting events fails here.
void TestEventEncoder::roundTripCoveredTheCorpus()
{
    STACKDECK_REQUIRE_CORPUS();
    if (m_rows == 0)
        QSKIP("roundTrip did not run");
    qInfo(
        "roundTrip: %d files, %d events, %d records not events, %d invalid", m_rows, m_events, m_notEvents, m_invalid);
    QCOMPARE(m_invalid, 1);
    QCOMPARE(m_events, kRoundTripEvents);
    QCOMPARE(m_notEvents, kRoundTripNotEvents);
}

void TestEventEncoder::canonicalForms()
{
    const std::string in
        = R"({"event_id":"5F1C1C0A-9B8E-4C6F-8E0D-1B2A3C4D5E6F","timestamp":1304358096.5,"message":"hi",
        "tags":{"a":"1"},"breadcrumbs":[{"message":"b","timestamp":1304358090}],
        "exception":{"type":"E","stacktrace":{"frames":[{"function":"f","instruction_addr":4096}]}}})";
    auto e = decodeEventJson(in);
    QVERIFY(e.ok());
    const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(encodeEventJson(*e))).object();
    QCOMPARE(o.value(QStringLiteral("event_id")).toString(), QStringLiteral("5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f"));
    QCOMPARE(o.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2011-05-02T17:41:36.500000Z"));
    QCOMPARE(o.value(QStringLiteral("logentry")).toObject().value(QStringLiteral("formatted")).toString(),
        QStringLiteral("hi"));
    QVERIFY(!o.contains(QStringLiteral("message")));
    QVERIFY(o.value(QStringLiteral("tags")).isArray());
    QVERIFY(o.value(QStringLiteral("breadcrumbs")).toObject().value(QStringLiteral("values")).isArray());
    const QJsonObject ex
        = o.value(QStringLiteral("exception")).toObject().value(QStringLiteral("values")).toArray().at(0).toObject();
    const QJsonObject frame
        = ex.value(QStringLiteral("stacktrace")).toObject().value(QStringLiteral("frames")).toArray().at(0).toObject();
    QCOMPARE(frame.value(QStringLiteral("instruction_addr")).toString(), QStringLiteral("0x1000"));
    QCOMPARE(o.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
    QCOMPARE(o.value(QStringLiteral("platform")).toString(), QStringLiteral("other"));
}

void TestEventEncoder::escaping_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expectedDecoded"); // what the text reads back as
    QTest::newRow("quotes-and-backslashes") << QByteArray("say \"hi\" \\o/") << QByteArray("say \"hi\" \\o/");
    QTest::newRow("control-characters") << QByteArray("a\x01\x1f\tb\r\n\x7f") << QByteArray("a\x01\x1f\tb\r\n\x7f");
    QTest::newRow("html-is-just-text") << QByteArray("<script>alert(1)</script>&amp;")
                                       << QByteArray("<script>alert(1)</script>&amp;");
    QTest::newRow("unicode") << QByteArray("caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80")
                             << QByteArray("caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80");
    QTest::newRow("nul-byte") << QByteArray("a\0b", 3) << QByteArray("a\0b", 3);
    QTest::newRow("invalid-utf8-replaced") << QByteArray("bad \xff byte") << QByteArray("bad \xef\xbf\xbd byte");
}

void TestEventEncoder::escaping()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expectedDecoded);
    Event e;
    e.logentry = LogEntry {{}, text.toStdString(), {}};
    e.tags.emplace_back(text.toStdString(), text.toStdString());
    e.culprit = text.toStdString();
    const std::string json = encodeEventJson(e);
    QVERIFY(simdjson::validate_utf8(json.data(), json.size()));
    for (unsigned char c : json)
        QVERIFY2(c >= 0x20, "raw control character in the output");
    auto again = decodeEventJson(json);
    QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
    QCOMPARE(QByteArray::fromStdString(again->logentry->formatted), expectedDecoded);
    QCOMPARE(QByteArray::fromStdString(again->tags.at(0).first), expectedDecoded);
    QCOMPARE(QByteArray::fromStdString(again->culprit), expectedDecoded);
}

void TestEventEncoder::prettyAndCompactAgree()
{
    STACKDECK_REQUIRE_CORPUS();
    const QByteArray bytes = readFile(corpusPath(QStringLiteral("samples/cocoa.json")));
    auto e = decodeEventJson(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    QVERIFY(e.ok());
    const std::string compact = encodeEventJson(*e, false);
    const std::string pretty = encodeEventJson(*e, true);
    QVERIFY(compact.find('\n') == std::string::npos);
    QVERIFY(pretty.find("\n  \"") != std::string::npos);
    QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(compact)),
        QJsonDocument::fromJson(QByteArray::fromStdString(pretty)));
}

QTEST_GUILESS_MAIN(TestEventEncoder)
#include "tst_eventencoder.moc"
