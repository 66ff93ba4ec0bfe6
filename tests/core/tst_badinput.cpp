#include "formats/eventencoder.h"
#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "formatstestutil.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <simdjson.h>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

struct Outcome {
    std::vector<RawRecord> records;
    std::vector<Rejection> rejections; // splitting
    std::vector<DecodedRecord> decoded;
    std::vector<Rejection> decodeErrors;
};

Outcome run(std::unique_ptr<RecordSource> source)
{
    Outcome o;
    RawRecord r;
    while (source->next(r)) {
        auto d = decodeRecord(r);
        if (d.ok())
            o.decoded.push_back(std::move(d).value());
        else
            o.decodeErrors.push_back(rejectionFor(r, d.error()));
        o.records.push_back(r);
    }
    o.rejections = source->rejections();
    return o;
}

Outcome runBuffer(const std::string& bytes, const std::string& name = "bad.json", ReaderOptions options = {})
{
    return run(RecordSource::fromBuffer(bytes, name, options));
}

std::string deep(std::size_t depth, bool closed = true)
{
    std::string s = "{\"message\":\"deep\",\"extra\":{\"x\":";
    s += std::string(depth, '[');
    if (closed)
        s += std::string(depth, ']') + "}}";
    return s;
}

bool validUtf8(const std::string& s)
{
    return simdjson::validate_utf8(s.data(), s.size());
}

QByteArray qb(const std::string& s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void malformedLinesRestImports();
    void truncatedEnvelopesNeverCrash();
    void corruptedEnvelopesNeverCrash();
    void wrongItemLengths_data();
    void wrongItemLengths();
    void invalidUtf8IsRepaired_data();
    void invalidUtf8IsRepaired();
    void nonFiniteAndOutOfRangeNumbers_data();
    void nonFiniteAndOutOfRangeNumbers();
    void deepNesting_data();
    void deepNesting();
    void deepRawJsonInEncoder();
    void hugeStringIsSkippedUnread();
    void oversizedRecordsInEveryFormat_data();
    void oversizedRecordsInEveryFormat();
    void byteOrderMarkInsideRecords();
    void emptyInputs_data();
    void emptyInputs();
    void gzipBombThroughRecordSource();
};

void TestBadInput::malformedLinesRestImports()
{
    const char* broken[] = {
        R"({"message": "cut)",
        R"({"message": "x",})",
        R"({message: "unquoted key"})",
        "\x01\x02 binary",
        R"({"message": "x"}})",
        R"([1, 2)",
        R"(nul)",
        R"({"message": tru})",
        R"({"level": "error", "message": "x" "y"})",
        R"("just a string")",
    };
    std::string input;
    for (int i = 1; i <= 1000; ++i) {
        if (i % 10 == 0)
            input += broken[(i / 10) % 10];
        else
            input += R"({"event_id":")" + std::string(24, '0') + std::to_string(10000000 + i) + R"(","message":"line )"
                + std::to_string(i) + "\"}";
        input += '\n';
    }
    const Outcome o = runBuffer(input, "events.ndjson");
    QVERIFY(o.rejections.empty());
    QCOMPARE(o.decoded.size(), std::size_t(900));
    QCOMPARE(o.decodeErrors.size(), std::size_t(100));
    for (std::size_t k = 0; k < o.decodeErrors.size(); ++k)
        QCOMPARE(QString::fromStdString(o.decodeErrors[k].location.describe()),
            QStringLiteral("events.ndjson:%1").arg((k + 1) * 10));
    QCOMPARE(o.decoded.back().event()->logentry->formatted, std::string("line 999"));
}

void TestBadInput::truncatedEnvelopesNeverCrash()
{
    STACKDECK_REQUIRE_CORPUS();
    const std::string full = readFile(corpusPath(QStringLiteral("envelopes/sentry-cli/envelope.dat"))).toStdString();
    const Outcome whole = runBuffer(full, "envelope.dat");
    QCOMPARE(whole.records.size(), std::size_t(4));
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
        const Outcome o = runBuffer(full.substr(0, cut), "envelope.dat");
        QVERIFY(o.records.size() <= 4);
        for (const Rejection& r : o.rejections)
            QVERIFY(!r.error.empty() && !r.location.file.empty());
    }
    // Cut inside the transaction payload: the event before it imports, the cut is a located rejection.
    const std::size_t inTxn = full.find("\"spans\"");
    const Outcome o = runBuffer(full.substr(0, inTxn), "envelope.dat");
    QCOMPARE(o.decoded.size(), std::size_t(1));
    QCOMPARE(o.rejections.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(o.rejections[0].location.describe())
                .startsWith(QStringLiteral("envelope.dat item 2 (transaction)")));
    QVERIFY(QString::fromStdString(o.rejections[0].error)
                .startsWith(QStringLiteral("truncated: the item header declares 200 bytes")));
}

void TestBadInput::corruptedEnvelopesNeverCrash()
{
    STACKDECK_REQUIRE_CORPUS();
    const std::string full
        = readFile(corpusPath(QStringLiteral("envelopes/sentry-java/envelope-event-attachment.txt"))).toStdString();
    for (std::size_t i = 0; i < full.size(); ++i) {
        for (char replacement : {'\n', '{', '"', '\0', 'x'}) {
            std::string damaged = full;
            damaged[i] = replacement;
            const Outcome o = runBuffer(damaged, "damaged.envelope");
            QVERIFY(o.records.size() + o.rejections.size() <= 12);
            for (const Rejection& r : o.rejections)
                QVERIFY(r.location.byteOffset >= 0 || r.location.line > 0);
        }
    }
}

void TestBadInput::wrongItemLengths_data()
{
    QTest::addColumn<int>("delta");
    for (int d : {-40, -5, -1, 1, 2, 5, 40, 10000})
        QTest::newRow(qPrintable(QStringLiteral("length%1%2").arg(d > 0 ? QStringLiteral("+") : QString()).arg(d)))
            << d;
}

void TestBadInput::wrongItemLengths()
{
    QFETCH(int, delta);
    // The event's declared length is off; the attachment after it must survive.
    const std::string event
        = R"({"message":"wrong length","level":"warning","extra":{"k":"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"}})";
    const std::string input = "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n{\"type\":\"event\",\"length\":"
        + std::to_string(static_cast<int>(event.size()) + delta) + "}\n" + event
        + "\n{\"type\":\"attachment\",\"length\":5,\"filename\":\"a.txt\"}\nhello\n";
    const Outcome o = runBuffer(input, "x.envelope");
    bool attachment = false;
    for (const RawRecord& r : o.records)
        attachment = attachment || (r.itemType == "attachment" && r.payload == "hello");
    if (delta < 10000) {
        QVERIFY(attachment);
        QCOMPARE(o.decoded.size(), std::size_t(2)); // the event line is re-read whole
        QVERIFY(o.records[0].warning.find("does not end at a newline") != std::string::npos);
        QCOMPARE(o.decoded[0].event()->level, Level::Warning);
    } else {
        QCOMPARE(o.rejections.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(o.rejections[0].error).startsWith(QStringLiteral("truncated")));
    }
}

void TestBadInput::invalidUtf8IsRepaired_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<int>("at"); // offset of the first bad byte in `bad`
    QTest::newRow("latin1-e-acute") << QByteArray("caf\xe9") << 3;
    QTest::newRow("lone-continuation-byte") << QByteArray("a\x80z") << 1;
    QTest::newRow("truncated-two-byte") << QByteArray("a\xc3") << 1;
    QTest::newRow("truncated-three-byte") << QByteArray("a\xe2\x82") << 1;
    QTest::newRow("overlong-slash") << QByteArray("\xc0\xaf") << 0;
    QTest::newRow("utf8-encoded-surrogate") << QByteArray("\xed\xa0\x80") << 0;
    QTest::newRow("above-u10ffff") << QByteArray("\xf4\x90\x80\x80") << 0;
    QTest::newRow("invalid-byte-ff") << QByteArray("\xff\xfe") << 0;
}

void TestBadInput::invalidUtf8IsRepaired()
{
    QFETCH(QByteArray, bad);
    QFETCH(int, at);
    // Policy: each bad byte becomes U+FFFD, the event imports, a warning says where.
    const std::string prefix = R"({"message":"text )";
    const std::string payload = prefix + bad.toStdString() + R"( end","level":"error"})";
    const Outcome o = runBuffer(payload + "\n" + R"({"message":"next"})" + "\n", "utf8.ndjson");
    QCOMPARE(o.decoded.size(), std::size_t(2));
    const DecodedRecord& d = o.decoded[0];
    QCOMPARE(d.warnings.size(), std::size_t(1));
    QVERIFY2(QString::fromStdString(d.warnings[0])
                 .startsWith(QStringLiteral("invalid UTF-8 at byte %1:").arg(prefix.size() + std::size_t(at))),
        d.warnings[0].c_str());
    const std::string& text = d.event()->logentry->formatted;
    QVERIFY(validUtf8(text));
    QVERIFY(text.find("\xEF\xBF\xBD") != std::string::npos);
    QVERIFY(text.rfind("text ", 0) == 0);
    // The stored raw JSON is the repaired text, valid UTF-8, and decodes the same again.
    QVERIFY(validUtf8(d.events[0].rawJson));
    auto again = decodeJson(d.events[0].rawJson);
    QVERIFY(again.ok());
    QVERIFY(again->events[0].event == d.events[0].event);
    QVERIFY(again->warnings.empty());

    // In an envelope header too.
    const std::string envelope = "{\"dsn\":\"" + bad.toStdString() + "\"}\n{\"type\":\"event\"}\n{\"message\":\"x\"}\n";
    const Outcome e = runBuffer(envelope, "u.envelope");
    QCOMPARE(e.decoded.size(), std::size_t(1));
    QVERIFY(validUtf8(e.records[0].envelope->dsn));
}

void TestBadInput::nonFiniteAndOutOfRangeNumbers_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("extra");
    QTest::addColumn<QString>("warning");
    QTest::newRow("nan-infinity") << QByteArray(
        R"({"message":"x","extra":{"a":NaN,"b":Infinity,"c":-Infinity,"s":"NaN"}})")
                                  << QStringLiteral(R"({"a":null,"b":null,"c":null,"s":"NaN"})")
                                  << QStringLiteral("3 NaN/Infinity replaced by null");
    QTest::newRow("integer-beyond-64-bits")
        << QByteArray(R"({"message":"x","extra":{"big":123456789012345678901234567890,"neg":-9223372036854775809}})")
        << QStringLiteral(R"({"big":1.2345678901234568e+29,"neg":-9223372036854775808.0})")
        << QStringLiteral("2 integers beyond 64 bits read as floats");
    QTest::newRow("float-overflow") << QByteArray(R"({"message":"x","extra":{"f":1e400}})")
                                    << QStringLiteral(R"({"f":null})")
                                    << QStringLiteral("1 out-of-range floats replaced by null");
    QTest::newRow("lone-surrogate-escape")
        << QByteArray(R"({"message":"x","extra":{"s":"a\ud800b","p":"\ud83d\ude00"}})")
        << QString::fromUtf8("{\"s\":\"a\xEF\xBF\xBD"
                             "b\",\"p\":\"\xF0\x9F\x98\x80\"}")
        << QStringLiteral("1 lone surrogate escapes replaced by U+FFFD");
    QTest::newRow("uint64-max-is-fine") << QByteArray(R"({"message":"x","extra":{"u":18446744073709551615}})")
                                        << QStringLiteral(R"({"u":18446744073709551615})") << QString();
}

void TestBadInput::nonFiniteAndOutOfRangeNumbers()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, extra);
    QFETCH(QString, warning);
    auto d = decodeJson(payload.toStdString());
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    QCOMPARE(QString::fromStdString(d->event()->extra.text), extra);
    if (warning.isEmpty()) {
        QVERIFY(d->warnings.empty());
    } else {
        QCOMPARE(d->warnings.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(d->warnings[0]), warning);
    }
    // The raw JSON stays as sent (valid UTF-8 already); decoding it again repeats the repair.
    QCOMPARE(d->events[0].rawJson, payload.toStdString());
}

void TestBadInput::deepNesting_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");
    const std::string d = deep(100000);
    QTest::newRow("ndjson-line") << qb(d + "\n{\"message\":\"after\"}\n")
                                 << QStringLiteral("nested deeper than 1024 levels");
    QTest::newRow("array-element") << qb("[" + d + ",{\"message\":\"after\"}]")
                                   << QStringLiteral("nested deeper than 1024 levels");
    QTest::newRow("envelope-payload") << qb(
        "{}\n{\"type\":\"event\"}\n" + d + "\n{\"type\":\"event\"}\n{\"message\":\"after\"}\n")
                                      << QStringLiteral("nested deeper than 1024 levels");
    QTest::newRow("pretty-document") << qb("{\n" + d.substr(1) + "\n{\"message\":\"after\"}\n")
                                     << QStringLiteral("nested deeper than 1024 levels");
    QTest::newRow("unclosed-array-of-arrays") << qb("[" + std::string(100000, '[')) << QStringLiteral("truncated JSON");
    QTest::newRow("depth-1000-is-fine") << qb(deep(1000) + "\n{\"message\":\"after\"}\n") << QString();
}

void TestBadInput::deepNesting()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    const Outcome o = runBuffer(input.toStdString(), "deep.json");
    QStringList problems;
    for (const auto& r : o.rejections)
        problems << QString::fromStdString(r.error);
    for (const auto& r : o.decodeErrors)
        problems << QString::fromStdString(r.error);
    if (error.isEmpty()) {
        QVERIFY(problems.isEmpty());
        QCOMPARE(o.decoded.size(), std::size_t(2));
        // The encoder handles what the decoder accepted.
        QVERIFY(encodeEventJson(*o.decoded[0].event(), true).size() > 2000);
        return;
    }
    QVERIFY2(problems.size() == 1 && problems[0].contains(error), qPrintable(problems.join(QStringLiteral(" | "))));
    if (!error.startsWith(QStringLiteral("truncated"))) {
        QCOMPARE(o.decoded.size(), std::size_t(1)); // the record after it
        QCOMPARE(o.decoded[0].event()->logentry->formatted, std::string("after"));
    }
}

void TestBadInput::deepRawJsonInEncoder()
{
    // RawJson built by hand (not by the decoder) deeper than the writer's recursion limit becomes a string.
    Event e;
    e.extra.text = std::string(100000, '[') + std::string(100000, ']');
    e.logentry = LogEntry {{}, "x", {}};
    const std::string out = encodeEventJson(e);
    QVERIFY(out.find("\"extra\":\"[[[[") != std::string::npos);
    e.extra.text = "{not json";
    QVERIFY(encodeEventJson(e).find(R"("extra":"{not json")") != std::string::npos);
}

void TestBadInput::hugeStringIsSkippedUnread()
{
    // A 200 MB string in one NDJSON record, default 64 MiB cap: located rejection, the
    // neighbours import, and the line is never held in memory.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.ndjson"));
    {
        std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
        QVERIFY(f);
        const std::string first = "{\"message\":\"before\"}\n{\"message\":\"";
        std::fwrite(first.data(), 1, first.size(), f);
        const std::string block(1 << 20, 'x');
        for (int i = 0; i < 200; ++i)
            std::fwrite(block.data(), 1, block.size(), f);
        const std::string last = "\"}\n{\"message\":\"after\"}\n";
        std::fwrite(last.data(), 1, last.size(), f);
        std::fclose(f);
    }
    const long rssBefore = procStatusKb("VmRSS");
    const bool canMeasure = kMeasuresMemory && resetPeakRss() && rssBefore > 0;
    auto source = RecordSource::open(path.toStdString());
    QVERIFY(source.ok());
    const Outcome o = run(std::move(source).value());
    QCOMPARE(o.decoded.size(), std::size_t(2));
    QCOMPARE(o.decoded[1].event()->logentry->formatted, std::string("after"));
    QCOMPARE(o.records[1].location.line, qint64(3));
    QCOMPARE(o.rejections.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(o.rejections[0].location.describe()), path + QStringLiteral(":2"));
    QCOMPARE(QString::fromStdString(o.rejections[0].error),
        QStringLiteral("record exceeds the 64 MiB record cap; line skipped unread"));
    if (canMeasure) {
        // At most the cap is buffered before giving up on the line, never the 200 MB.
        const long grownKb = procStatusKb("VmHWM") - rssBefore;
        QVERIFY2(grownKb < 160 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(grownKb)));
    }
}

void TestBadInput::oversizedRecordsInEveryFormat_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("where");
    const std::string big = "{\"message\":\"" + std::string(300000, 'x') + "\"}";
    const std::string small = R"({"message":"ok"})";
    QTest::newRow("array-element") << qb("[" + small + "," + big + "," + small + "]")
                                   << QStringLiteral("o.json element 1 at byte 18");
    QTest::newRow("pretty-documents") << qb("{\n\"message\":\"ok\"\n}\n{\n" + big.substr(1) + "\n" + small)
                                      << QStringLiteral("o.json document 1 at byte 19 (line 4)");
    QTest::newRow("envelope-implicit-length") << qb(
        "{}\n{\"type\":\"event\"}\n" + big + "\n{\"type\":\"event\"}\n" + small + "\n{\"type\":\"event\"}\n" + small)
                                              << QStringLiteral("o.json item 1 (event) at byte 3");
    QTest::newRow("envelope-explicit-length") << qb("{}\n{\"type\":\"event\",\"length\":" + std::to_string(big.size())
        + "}\n" + big + "\n{\"type\":\"event\"}\n" + small + "\n{\"type\":\"event\"}\n" + small)
                                              << QStringLiteral("o.json item 1 (event) at byte 3");
}

void TestBadInput::oversizedRecordsInEveryFormat()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, where);
    ReaderOptions options;
    options.maxRecordBytes = 100000;
    for (std::size_t chunk : {std::size_t(1) << 20, std::size_t(4096), std::size_t(7)}) {
        options.chunkSize = chunk;
        const Outcome o = runBuffer(input.toStdString(), "o.json", options);
        QCOMPARE(o.decoded.size(), std::size_t(2));
        QCOMPARE(o.rejections.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(o.rejections[0].location.describe()), where);
        QVERIFY2(QString::fromStdString(o.rejections[0].error)
                     .contains(QStringLiteral("exceeds the 100000 bytes record cap")),
            o.rejections[0].error.c_str());
    }
}

void TestBadInput::byteOrderMarkInsideRecords()
{
    // Files concatenated with `cat` keep each one's BOM; Windows tools put one before a payload.
    const std::string bom = "\xEF\xBB\xBF";
    const Outcome lines = runBuffer(bom + "{\"message\":\"a\"}\n" + bom + "{\"message\":\"b\"}\n", "cat.ndjson");
    QCOMPARE(lines.decoded.size(), std::size_t(2));
    QVERIFY(lines.decodeErrors.empty());
    const Outcome envelope
        = runBuffer("{}\n{\"type\":\"event\",\"length\":18}\n" + bom + "{\"message\":\"x\"}\n", "bom.envelope");
    QCOMPARE(envelope.decoded.size(), std::size_t(1));
    QCOMPARE(envelope.decoded[0].event()->logentry->formatted, std::string("x"));
    const Outcome documents
        = runBuffer(bom + "{\n\"message\":\"a\"\n}\n" + bom + "{\n\"message\":\"b\"\n}\n", "cat.json");
    QCOMPARE(documents.decoded.size(), std::size_t(2));
    QVERIFY(documents.rejections.empty());
}

void TestBadInput::emptyInputs_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("zero-bytes") << QByteArray();
    QTest::newRow("newlines-only") << QByteArray("\n\n\n");
    QTest::newRow("bom-only") << QByteArray("\xEF\xBB\xBF");
    QTest::newRow("gzip-of-nothing") << qb(gzipBytes(""));
    QTest::newRow("zstd-of-nothing") << qb(zstdBytes(""));
}

void TestBadInput::emptyInputs()
{
    QFETCH(QByteArray, input);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.json"));
    QVERIFY(writeFile(path, view(input)));
    auto source = RecordSource::open(path.toStdString());
    QVERIFY(source.ok());
    QCOMPARE((*source)->format(), DetectedFormat::Empty);
    RawRecord r;
    QVERIFY(!(*source)->next(r));
    QCOMPARE((*source)->rejections().size(), std::size_t(1));
    QCOMPARE(QString::fromStdString((*source)->rejections()[0].error), QStringLiteral("empty file: no records"));
    QCOMPARE(QString::fromStdString((*source)->rejections()[0].location.describe()), path);

    auto empty = decodeJson("");
    QVERIFY(!empty.ok());
    QCOMPARE(QString::fromStdString(empty.error().message), QStringLiteral("empty record"));
}

void TestBadInput::gzipBombThroughRecordSource()
{
    // The full-size default guard is in tst_decompression; here a small configured one.
    ReaderOptions options;
    options.bombMinOutput = 1 << 20;
    const std::string bomb = gzipBytes(std::string(16 << 20, ' '), 9);
    const Outcome o = runBuffer(bomb, "bomb.gz", options);
    QVERIFY(o.records.empty());
    QCOMPARE(o.rejections.size(), std::size_t(1));
    QVERIFY2(QString::fromStdString(o.rejections[0].error)
                 .startsWith(
                     QStringLiteral("decompression stopped: output exceeds 250:1 of the input at compressed offset ")),
        o.rejections[0].error.c_str());
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
