#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "formatstestutil.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

struct Read {
    std::vector<RawRecord> records;
    std::vector<Rejection> rejections;
    DetectedFormat format = DetectedFormat::Unknown;
};

Read readEnvelope(const std::string& bytes, ReaderOptions options = {}, std::size_t chunk = 1 << 20)
{
    options.chunkSize = chunk;
    auto source = RecordSource::fromBuffer(bytes, "test.envelope", options);
    Read r;
    RawRecord record;
    while (source->next(record))
        r.records.push_back(record);
    r.rejections = source->rejections();
    r.format = source->format();
    return r;
}

// "event:74,transaction:200" for the records read.
QString itemSummary(const std::vector<RawRecord>& records)
{
    QStringList parts;
    for (const auto& r : records)
        parts << QStringLiteral("%1:%2").arg(QString::fromStdString(r.itemType)).arg(r.payloadSize);
    return parts.join(QLatin1Char(','));
}

QString joinedRejections(const std::vector<Rejection>& rejections)
{
    QStringList parts;
    for (const auto& r : rejections)
        parts << QString::fromStdString(r.location.describe() + ": " + r.error);
    return parts.join(QStringLiteral(" | "));
}

QString joinedWarnings(const std::vector<RawRecord>& records)
{
    QStringList parts;
    for (const auto& r : records) {
        if (!r.warning.empty())
            parts << QString::fromStdString(r.warning);
    }
    return parts.join(QStringLiteral(" | "));
}

QByteArray qb(const std::string& s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

const char kHeader[] = "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n";

} // namespace

class TestEnvelope : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void corpusEnvelopes_data();
    void corpusEnvelopes();
    void specExamplePayloads();
    void headerContext();
    void headerEventIdWinsForFirstEventItem();
    void wrongLengthSessionRecovered();
    void quirks_data();
    void quirks();
    void sizeCaps();
    void sdkCorpusItemTypes_data();
    void sdkCorpusItemTypes();
};

void TestEnvelope::corpusEnvelopes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("items"); // type:size per item, in file order (PROVENANCE.md)
    QTest::addColumn<QString>("rejection"); // expected splitting rejection, empty = none
    QTest::addColumn<QString>("warning"); // expected splitting warning, empty = none
    QTest::addColumn<QString>("decodeError"); // expected decode error of some item, empty = none
    STACKDECK_REQUIRE_CORPUS();
    auto row = [](const char* file, const char* items, const char* rejection = "", const char* warning = "",
                   const char* decodeError = "") {
        QTest::newRow(file) << QStringLiteral("envelopes/") + QString::fromUtf8(file) << QString::fromUtf8(items)
                            << QString::fromUtf8(rejection) << QString::fromUtf8(warning)
                            << QString::fromUtf8(decodeError);
    };
    row("sentry-cli/envelope.dat", "event:74,transaction:200,session:222,attachment:12");
    row("sentry-java/android-java-event.txt", "event:121");
    row("sentry-java/android-java-then-native-large.txt", "event:10136,event:122");
    row("sentry-java/android-native-event.txt", "event:122");
    row("sentry-java/android-native-with-attachment.txt", "attachment:20,event:122");
    // length 85 for a 99-byte line: read to the end of the line instead, with a warning.
    row("sentry-java/android-session-only.txt", "session:99", "", "declared length 85 does not end at a newline");
    // The event payload is cut (missing closing brace); the two attachments still import.
    row("sentry-java/envelope-event-attachment.txt", "event:107,attachment:61,attachment:29", "", "", "invalid JSON");
    row("sentry-java/envelope-feedback.txt", "user_report:103");
    row("sentry-java/envelope-session-start.txt", "session:306");
    row("sentry-java/envelope-transaction-with-sample-rand.txt", "transaction:640");
    row("sentry-java/envelope-transaction-with-sample-rate.txt", "transaction:640");
    row("sentry-java/envelope-transaction.txt", "transaction:640");
    row("sentry-java/envelope_attachment.txt", "attachment:61");
    row("sentry-java/envelope_session.txt", "session:306");
    row("sentry-java/envelope_session_sdkversion.txt", "session:306");
    row("spec-examples/01-two-items.envelope", "attachment:10,event:41");
    row("spec-examples/02-two-items-no-trailing-newline.envelope", "attachment:10,event:41");
    row("spec-examples/03-two-empty-attachments.envelope", "attachment:0,attachment:0");
    row("spec-examples/04-two-empty-attachments-no-trailing-newline.envelope", "attachment:0,attachment:0");
    row("spec-examples/05-implicit-length-newline.envelope", "attachment:10");
    row("spec-examples/06-implicit-length-eof.envelope", "attachment:10");
    row("spec-examples/07-empty-headers-implicit-length-eof.envelope", "session:75");
}

void TestEnvelope::corpusEnvelopes()
{
    QFETCH(QString, file);
    QFETCH(QString, items);
    QFETCH(QString, rejection);
    QFETCH(QString, warning);
    QFETCH(QString, decodeError);
    const std::string bytes = readFile(corpusPath(file)).toStdString();
    QVERIFY(!bytes.empty());
    for (std::size_t chunk : {std::size_t(1) << 20, std::size_t(1), std::size_t(7)}) {
        const Read r = readEnvelope(bytes, {}, chunk);
        QCOMPARE(r.format, DetectedFormat::Envelope);
        QCOMPARE(itemSummary(r.records), items);
        QCOMPARE(joinedRejections(r.rejections).isEmpty(), rejection.isEmpty());
        if (!rejection.isEmpty())
            QVERIFY2(joinedRejections(r.rejections).contains(rejection), qPrintable(joinedRejections(r.rejections)));
        const QString warnings = joinedWarnings(r.records);
        QCOMPARE(warnings.isEmpty(), warning.isEmpty());
        QVERIFY2(warnings.contains(warning), qPrintable(warnings));

        QStringList errors;
        for (const RawRecord& rec : r.records) {
            QVERIFY(rec.envelope);
            QCOMPARE(rec.location.item, int(&rec - r.records.data()) + 1);
            auto decoded = decodeRecord(rec);
            if (!decoded.ok()) {
                errors << QString::fromStdString(rec.location.describe() + ": " + decoded.error().message);
                continue;
            }
            QCOMPARE(QString::fromUtf8(recordKindName(decoded->kind).data()),
                rec.itemType == "event" ? QStringLiteral("event") : QString::fromStdString(rec.itemType));
        }
        QCOMPARE(errors.size(), decodeError.isEmpty() ? 0 : 1);
        if (!decodeError.isEmpty())
            QVERIFY2(errors.front().contains(decodeError) && errors.front().contains(QStringLiteral(" item 1 (event)")),
                qPrintable(errors.front()));
    }
}

void TestEnvelope::specExamplePayloads()
{
    STACKDECK_REQUIRE_CORPUS();
    // The attachment's 10 bytes are a BOM, "Hello" and CRLF, all counted by `length`.
    const Read one = readEnvelope(
        readFile(corpusPath(QStringLiteral("envelopes/spec-examples/01-two-items.envelope"))).toStdString());
    QCOMPARE(one.records.size(), std::size_t(2));
    QCOMPARE(one.records[0].payload, std::string("\xEF\xBB\xBFHello\r\n"));
    QCOMPARE(one.records[0].filename, std::string("hello.txt"));
    QCOMPARE(one.records[0].contentType, std::string("text/plain"));
    QCOMPARE(one.records[1].payload, std::string(R"({"message":"hello world","level":"error"})"));
    QCOMPARE(one.records[0].envelope->dsn, std::string("https://e12d836b15bb49d7bbf99e64295d995b:@sentry.io/42"));

    const Read five = readEnvelope(
        readFile(corpusPath(QStringLiteral("envelopes/spec-examples/05-implicit-length-newline.envelope")))
            .toStdString());
    QCOMPARE(five.records.at(0).payload, std::string("helloworld"));

    // Attachment payloads with newlines are read by length, not by line.
    const Read java = readEnvelope(
        readFile(corpusPath(QStringLiteral("envelopes/sentry-java/envelope-event-attachment.txt"))).toStdString());
    QCOMPARE(java.records.size(), std::size_t(3));
    QCOMPARE(java.records[1].attachmentType, std::string("event.minidump"));
    QCOMPARE(java.records[2].payload, std::string("attachment\nwith\nline breaks\n\n")); // 29 bytes, then EOF
    QCOMPARE(java.records[2].filename, std::string("log.txt"));
    auto attachment = decodeRecord(java.records[1]);
    QVERIFY(attachment.ok());
    QVERIFY(attachment->attachment);
    QCOMPARE(attachment->attachment->attachmentType, std::string("event.minidump"));
    QCOMPARE(attachment->attachment->size, qint64(61));
    QCOMPARE(attachment->attachment->eventId, std::string("9ec79c33ec9942ab8353589fcb2e04dc"));
    QVERIFY(attachment->attachment->bytesKept);
}

void TestEnvelope::headerContext()
{
    STACKDECK_REQUIRE_CORPUS();
    const Read txn = readEnvelope(
        readFile(corpusPath(QStringLiteral("envelopes/sentry-java/envelope-transaction-with-sample-rand.txt")))
            .toStdString());
    QCOMPARE(txn.records.size(), std::size_t(1));
    const auto& ctx = *txn.records[0].envelope;
    QVERIFY(QString::fromStdString(ctx.trace.text).contains(QStringLiteral("\"sample_rand\"")));
    QVERIFY(QString::fromStdString(ctx.trace.text).contains(QStringLiteral("\"public_key\"")));
    QVERIFY(QString::fromStdString(ctx.header.text).startsWith(QLatin1Char('{')));

    const Read feedback = readEnvelope(
        readFile(corpusPath(QStringLiteral("envelopes/sentry-java/envelope-feedback.txt"))).toStdString());
    QVERIFY(QString::fromStdString(feedback.records.at(0).envelope->sdk.text)
                .contains(QStringLiteral("flutter"), Qt::CaseInsensitive));
    auto report = decodeRecord(feedback.records.at(0));
    QVERIFY(report.ok());
    QCOMPARE(report->kind, RecordKind::UserReport);
    QVERIFY(!report->relatedEventId.empty());

    // The dashed header UUID is normalised; sent_at is parsed.
    const std::string withSentAt
        = "{\"event_id\":\"22D00B3F-D1B1-4B5D-8D20-49D138CD8A9C\",\"sent_at\":\"2020-07-20T14:51:14.296Z\"}\n"
          "{\"type\":\"event\"}\n{\"message\":\"x\"}\n";
    const Read dashed = readEnvelope(withSentAt);
    QCOMPARE(dashed.records.at(0).envelope->eventId, std::string("22d00b3fd1b14b5d8d2049d138cd8a9c"));
    QVERIFY(dashed.records.at(0).envelope->sentAt);
    QCOMPARE(*dashed.records.at(0).envelope->sentAt, qint64(1595256674296000));
}

void TestEnvelope::headerEventIdWinsForFirstEventItem()
{
    STACKDECK_REQUIRE_CORPUS();
    // Two `event` items (an SDK cache): the header id goes to the first one only.
    const Read r = readEnvelope(
        readFile(corpusPath(QStringLiteral("envelopes/sentry-java/android-java-then-native-large.txt"))).toStdString());
    QCOMPARE(r.records.size(), std::size_t(2));
    QCOMPARE(r.records[0].eventOrdinal, 0);
    QCOMPARE(r.records[1].eventOrdinal, 1);
    auto first = decodeRecord(r.records[0]);
    auto second = decodeRecord(r.records[1]);
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(first->events.at(0).eventId, std::string("9ec79c33ec9942ab8353589fcb2e04dc"));
    QCOMPARE(second->events.at(0).eventId, std::string("aac79c33ec9942ab8353589fcb2e04dc"));
    QCOMPARE(second->event()->level, Level::Fatal);

    const std::string conflicting = std::string(kHeader)
        + "{\"type\":\"event\"}\n{\"event_id\":\"00000000000000000000000000000001\",\"message\":\"x\"}\n";
    auto decoded = decodeRecord(readEnvelope(conflicting).records.at(0));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->event()->eventId, std::string("9ec79c33ec9942ab8353589fcb2e04dc"));
}

void TestEnvelope::wrongLengthSessionRecovered()
{
    STACKDECK_REQUIRE_CORPUS();
    // With payloads of skipped types kept, the repaired session line is valid JSON.
    ReaderOptions keep;
    keep.keepSkippedPayloads = true;
    const Read r = readEnvelope(
        readFile(corpusPath(QStringLiteral("envelopes/sentry-java/android-session-only.txt"))).toStdString(), keep);
    QCOMPARE(r.records.size(), std::size_t(1));
    QCOMPARE(r.records[0].payload.size(), std::size_t(99));
    QVERIFY(QString::fromStdString(r.records[0].warning).contains(QStringLiteral("read the whole line of 99 bytes")));
    auto session = decodeJson(r.records[0].payload);
    QVERIFY(session.ok());
    QCOMPARE(session->kind, RecordKind::Session);
}

void TestEnvelope::quirks_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("items");
    QTest::addColumn<QString>("rejection");
    QTest::addColumn<QString>("warning");
    const std::string h = kHeader;
    auto row = [](const char* name, const std::string& input, const char* items, const char* rejection = "",
                   const char* warning = "") {
        QTest::newRow(name) << qb(input) << QString::fromUtf8(items) << QString::fromUtf8(rejection)
                            << QString::fromUtf8(warning);
    };
    row("crlf-damaged-explicit-lengths",
        "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\r\n{\"type\":\"event\",\"length\":16}\r\n{\"message\":"
        "\"hi\"}\r\n"
        "{\"type\":\"attachment\",\"length\":5}\r\nhello\r\n",
        "event:16,attachment:5", "", "CRLF");
    row("crlf-damaged-implicit-lengths", "{}\r\n{\"type\":\"event\"}\r\n{\"message\":\"hi\"}\r\n", "event:17", "",
        "CRLF");
    row("length-shorter-than-line", h + "{\"type\":\"event\",\"length\":5}\n{\"message\":\"hi\"}\n", "event:16", "",
        "declared length 5 does not end at a newline");
    row("length-longer-than-line",
        h + "{\"type\":\"event\",\"length\":30}\n{\"message\":\"hi\"}\n{\"type\":\"attachment\",\"length\":2}\nab\n",
        "event:16,attachment:2", "", "declared length 30");
    row("attachment-wrong-length-resyncs",
        h + "{\"type\":\"attachment\",\"length\":3}\nhello\nmore\n{\"type\":\"event\"}\n{\"message\":\"x\"}\n",
        "event:15",
        "item 1 (attachment) at byte 48: declared length 3 does not end at a newline (byte 'l' (0x6c) follows)");
    row("truncated-payload", h + "{\"type\":\"event\",\"length\":100}\n{\"message\":\"x\"}", "",
        "truncated: the item header declares 100 bytes but the file ends after 15");
    row("truncated-skipped-item", h + "{\"type\":\"session\",\"length\":100}\n{\"sid\":\"x\"}", "",
        "truncated: the item header declares 100 bytes but the file ends after 11");
    row("length-zero-items", h + "{\"type\":\"attachment\",\"length\":0}\n\n{\"type\":\"event\",\"length\":0}\n",
        "attachment:0,event:0");
    row("unknown-item-type", h + "{\"type\":\"wibble\",\"length\":3}\nabc\n{\"type\":\"event\"}\n{\"message\":\"x\"}\n",
        "wibble:3,event:15");
    row("no-final-newline", h + "{\"type\":\"event\",\"length\":15}\n{\"message\":\"x\"}", "event:15");
    row("implicit-length-at-eof", h + "{\"type\":\"event\"}\n{\"message\":\"x\"}", "event:15");
    row("blank-lines-between-items",
        h + "{\"type\":\"event\"}\n{\"message\":\"x\"}\n\n\n{\"type\":\"event\"}\n{\"message\":\"y\"}\n\n",
        "event:15,event:15");
    row("garbage-line-resyncs",
        h
            + "{\"type\":\"event\"}\n{\"message\":\"x\"}\nnot a header\nnor "
              "this\n{\"type\":\"event\"}\n{\"message\":\"y\"}\n",
        "event:15,event:15", "line 4 is not an envelope item header");
    row("binary-attachment-with-nul-and-newlines",
        h + "{\"type\":\"attachment\",\"length\":6}\n" + std::string("\0\n\n\xff\r\n", 6)
            + "\n{\"type\":\"event\"}\n{}\n",
        "attachment:6,event:2");
    // A length that does not frame the payload is rejected with the item, never
    // guessed at; the items after it are read from the next item header on.
    const std::string next = "{\"type\":\"event\"}\n{\"message\":\"y\"}\n";
    row("negative-length", h + "{\"type\":\"event\",\"length\":-4}\n{\"message\":\"x\"}\n" + next, "event:15",
        "item 1 (event) at byte 48: invalid length -4 in the item header");
    row("non-numeric-length", h + "{\"type\":\"event\",\"length\":\"15\"}\n{\"message\":\"x\"}\n" + next, "event:15",
        "item 1 (event) at byte 48: invalid length \"15\"");
    row("fractional-length", h + "{\"type\":\"event\",\"length\":15.5}\n{\"message\":\"x\"}\n" + next, "event:15",
        "item 1 (event) at byte 48: invalid length 15.5");
    row("overflowing-length",
        h + "{\"type\":\"event\",\"length\":99999999999999999999999}\n{\"message\":\"x\"}\n" + next, "event:15",
        "item 1 (event) at byte 48: invalid length");
    row("uint64-length", h + "{\"type\":\"event\",\"length\":18446744073709551615}\n{\"message\":\"x\"}\n" + next,
        "event:15", "item 1 (event) at byte 48: invalid length 18446744073709551615");
    row("two-envelopes-concatenated",
        h
            + "{\"type\":\"event\"}\n{\"message\":\"x\"}\n{\"event_id\":\"aac79c33ec9942ab8353589fcb2e04dc\"}\n{"
              "\"type\":\"event\"}\n{\"message\":\"y\"}\n",
        "event:15,event:15");
    row("invalid-envelope-header", "{\"event_id\": tru}\n{\"type\":\"event\"}\n{\"message\":\"x\"}\n", "event:15",
        "invalid envelope header");
}

void TestEnvelope::quirks()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, items);
    QFETCH(QString, rejection);
    QFETCH(QString, warning);
    for (std::size_t chunk : {std::size_t(1) << 20, std::size_t(1), std::size_t(5)}) {
        const Read r = readEnvelope(input.toStdString(), {}, chunk);
        if (!items.isEmpty())
            QCOMPARE(r.format, DetectedFormat::Envelope);
        QCOMPARE(itemSummary(r.records), items);
        const QString rejections = joinedRejections(r.rejections);
        QVERIFY2(rejections.isEmpty() == rejection.isEmpty(), qPrintable(rejections));
        QVERIFY2(rejections.contains(rejection), qPrintable(rejections));
        const QString warnings = joinedWarnings(r.records);
        QVERIFY2(warnings.isEmpty() == warning.isEmpty(), qPrintable(warnings));
        QVERIFY2(warnings.contains(warning), qPrintable(warnings));
    }
}

void TestEnvelope::sizeCaps()
{
    ReaderOptions options;
    options.maxRecordBytes = 1024;
    options.maxAttachmentBytes = 16;
    const std::string big = "{\"message\":\"" + std::string(2000, 'x') + "\"}";
    const std::string input = std::string(kHeader) + "{\"type\":\"event\",\"length\":" + std::to_string(big.size())
        + "}\n" + big + "\n{\"type\":\"event\"}\n" + big
        + "\n{\"type\":\"attachment\",\"length\":40,\"filename\":\"big.bin\"}\n" + std::string(40, 'b')
        + "\n{\"type\":\"attachment\",\"length\":4}\nsmal\n{\"type\":\"event\"}\n{\"message\":\"ok\"}\n";
    for (std::size_t chunk : {std::size_t(1) << 20, std::size_t(3)}) {
        const Read r = readEnvelope(input, options, chunk);
        QCOMPARE(itemSummary(r.records), QStringLiteral("attachment:40,attachment:4,event:16"));
        QCOMPARE(r.rejections.size(), std::size_t(2));
        QVERIFY(QString::fromStdString(r.rejections[0].error)
                    .contains(QStringLiteral("exceeds the 1024 bytes record cap")));
        const auto second = static_cast<qint64>(input.find("{\"type\":\"event\"}\n"));
        QCOMPARE(QString::fromStdString(r.rejections[1].location.describe()),
            QStringLiteral("test.envelope item 2 (event) at byte %1").arg(second));
        QVERIFY(r.records[0].payloadOmitted);
        QVERIFY(r.records[0].payload.empty());
        QCOMPARE(r.records[0].filename, std::string("big.bin"));
        QVERIFY(!r.records[1].payloadOmitted);
        auto info = decodeRecord(r.records[0]);
        QVERIFY(info.ok());
        QVERIFY(!info->attachment->bytesKept);
        QCOMPARE(info->attachment->size, qint64(40));
    }
}

void TestEnvelope::sdkCorpusItemTypes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("types");
    STACKDECK_REQUIRE_CORPUS();
    const QJsonObject manifest
        = QJsonDocument::fromJson(readFile(corpusPath(QStringLiteral("sdk/manifest.json")))).object();
    for (const QJsonValue& v : manifest.value(QStringLiteral("files")).toArray()) {
        const QJsonObject f = v.toObject();
        if (f.value(QStringLiteral("endpoint")).toString() != QLatin1String("envelope"))
            continue;
        QStringList types;
        for (const QJsonValue& t : f.value(QStringLiteral("item_types")).toArray())
            types << t.toString();
        const QString file = QStringLiteral("sdk/") + f.value(QStringLiteral("file")).toString();
        QTest::newRow(qPrintable(file)) << file << types;
        const QString wire = f.value(QStringLiteral("wire_file")).toString();
        if (!wire.isEmpty())
            QTest::newRow(qPrintable(wire)) << QStringLiteral("sdk/") + wire << types;
    }
}

void TestEnvelope::sdkCorpusItemTypes()
{
    QFETCH(QString, file);
    QFETCH(QStringList, types);
    auto source = RecordSource::open(corpusPath(file).toStdString());
    QVERIFY(source.ok());
    QCOMPARE((*source)->format(), DetectedFormat::Envelope);
    QStringList seen;
    RawRecord record;
    while ((*source)->next(record)) {
        seen << QString::fromStdString(record.itemType);
        QVERIFY2(record.warning.empty(), record.warning.c_str());
    }
    QCOMPARE(seen, types);
    QVERIFY((*source)->rejections().empty());
}

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
