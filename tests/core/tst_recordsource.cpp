#include "formats/recordsource.h"
#include "formatstestutil.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <simdjson.h>
#include <unistd.h>

using namespace stackdeck;
using namespace stackdeck::test;

Q_DECLARE_METATYPE(stackdeck::DetectedFormat)

namespace {

struct ReadResult {
    std::vector<RawRecord> records;
    std::vector<Rejection> rejections;
    DetectedFormat format = DetectedFormat::Unknown;
};

ReadResult readAll(const std::string& bytes, std::size_t chunk, const std::string& name = "input.json")
{
    ReaderOptions options;
    options.chunkSize = chunk;
    auto source = RecordSource::fromBuffer(bytes, name, options);
    ReadResult r;
    RawRecord record;
    while (source->next(record))
        r.records.push_back(record);
    r.rejections = source->rejections();
    r.format = source->format(); // documents turn out to be concatenated only once a second one is read
    return r;
}

QByteArray bytes(const std::string& s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

const std::size_t kChunkSizes[] = {1u << 20, 1, 3, 64};

} // namespace

class TestRecordSource : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void detection_data();
    void detection();
    void payloadsAreExact();
    void locations_data();
    void locations();
    void describe_data();
    void describe();
    void standardInput();
    void openErrors();
    void arrayElementsMatchTheParser();
    void arrayStreamsWithBoundedMemory();
    void corpusFormats_data();
    void corpusFormats();
};

void TestRecordSource::detection_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<DetectedFormat>("format");
    QTest::addColumn<int>("records");
    QTest::addColumn<QString>("rejection"); // substring of the only rejection, or empty for none

    const std::string pretty = "{\n  \"message\": \"pretty\",\n  \"tags\": {\"a\": \"b\"}\n}\n";
    QTest::newRow("compact-single-document")
        << bytes(R"({"message":"x"})") << DetectedFormat::JsonDocument << 1 << QString();
    QTest::newRow("compact-document-trailing-newlines")
        << bytes("{\"message\":\"x\"}\n\n\n") << DetectedFormat::JsonDocument << 1 << QString();
    QTest::newRow("pretty-document") << bytes(pretty) << DetectedFormat::JsonDocument << 1 << QString();
    QTest::newRow("pretty-documents-concatenated")
        << bytes(pretty + pretty + pretty) << DetectedFormat::ConcatenatedJson << 3 << QString();
    QTest::newRow("documents-on-one-line") << bytes(R"({"message":"a"}{"message":"b"} {"message":"c"})")
                                           << DetectedFormat::ConcatenatedJson << 3 << QString();
    QTest::newRow("ndjson") << bytes("{\"message\":\"a\"}\n{\"message\":\"b\"}\n{\"message\":\"c\"}\n")
                            << DetectedFormat::JsonLines << 3 << QString();
    QTest::newRow("ndjson-no-final-newline")
        << bytes("{\"message\":\"a\"}\n{\"message\":\"b\"}") << DetectedFormat::JsonLines << 2 << QString();
    QTest::newRow("ndjson-crlf") << bytes("{\"message\":\"a\"}\r\n{\"message\":\"b\"}\r\n") << DetectedFormat::JsonLines
                                 << 2 << QString();
    QTest::newRow("ndjson-blank-lines") << bytes("\n\n{\"message\":\"a\"}\n   \n\n{\"message\":\"b\"}\n\n")
                                        << DetectedFormat::JsonLines << 2 << QString();
    QTest::newRow("ndjson-broken-first-line")
        << bytes("{\"message\": \"cut\n{\"message\":\"b\"}\n{\"message\":\"c\"}\n") << DetectedFormat::JsonLines << 3
        << QString();
    QTest::newRow("ndjson-second-line-has-type")
        << bytes("{\"message\":\"a\"}\n{\"type\":\"transaction\",\"start_timestamp\":1,\"timestamp\":2,\"spans\":[]}\n")
        << DetectedFormat::JsonLines << 2 << QString();
    QTest::newRow("ndjson-second-line-type-and-message")
        << bytes("{\"message\":\"a\"}\n{\"type\":\"error\",\"message\":\"b\"}\n") << DetectedFormat::JsonLines << 2
        << QString();
    QTest::newRow("ndjson-garbage-first-line")
        << bytes("hello world\n{\"message\":\"a\"}\n") << DetectedFormat::JsonLines << 2 << QString();
    QTest::newRow("envelope") << bytes(
        "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n{\"type\":\"event\"}\n{\"message\":\"a\"}\n")
                              << DetectedFormat::Envelope << 1 << QString();
    QTest::newRow("envelope-empty-header-type-only")
        << bytes("{}\n{\"type\":\"session\"}\n{\"started\":\"2020-02-07T14:16:00Z\"}") << DetectedFormat::Envelope << 1
        << QString();
    QTest::newRow("json-array") << bytes(R"([{"message":"a"},{"message":"b"}])") << DetectedFormat::JsonArray << 2
                                << QString();
    QTest::newRow("json-array-pretty") << bytes(
        "[\n  {\n    \"message\": \"a\"\n  },\n  {\n    \"message\": \"b\"\n  }\n]\n")
                                       << DetectedFormat::JsonArray << 2 << QString();
    QTest::newRow("json-array-empty") << bytes("[ ]") << DetectedFormat::JsonArray << 0 << QString();
    QTest::newRow("json-array-non-object-element")
        << bytes(R"([{"message":"a"}, 42 ,{"message":"b"}])") << DetectedFormat::JsonArray << 2
        << QStringLiteral("element is a number, not a JSON object");
    QTest::newRow("json-arrays-concatenated")
        << bytes(R"([{"message":"a"}][{"message":"b"}])") << DetectedFormat::JsonArray << 2 << QString();
    QTest::newRow("json-array-strings-with-brackets")
        << bytes(R"([{"message":"a ] } [ { , "},{"message":"\"]}"},{"m":"\\"},{"m":"\\\"}]"}])")
        << DetectedFormat::JsonArray << 4 << QString();
    QTest::newRow("json-array-truncated") << bytes(R"([{"message":"a"},{"message":"b)") << DetectedFormat::JsonArray
                                          << 1 << QStringLiteral("truncated JSON: the input ends inside a string");
    QTest::newRow("json-array-unclosed") << bytes(R"([{"message":"a"},)") << DetectedFormat::JsonArray << 1
                                         << QStringLiteral("the file ends inside the top-level array");
    QTest::newRow("bom-ndjson") << bytes("\xEF\xBB\xBF{\"message\":\"a\"}\n{\"message\":\"b\"}\n")
                                << DetectedFormat::JsonLines << 2 << QString();
    QTest::newRow("bom-pretty-document") << bytes("\xEF\xBB\xBF" + pretty) << DetectedFormat::JsonDocument << 1
                                         << QString();
    QTest::newRow("garbage-between-documents")
        << bytes(pretty + "xyz not json\n" + pretty) << DetectedFormat::ConcatenatedJson << 2
        << QStringLiteral("unexpected byte 'x' (0x78) between JSON documents");
    QTest::newRow("unbalanced-document-resyncs")
        << bytes("{\n  \"message\": \"a\"]\n}\n" + pretty) << DetectedFormat::ConcatenatedJson << 1
        << QStringLiteral("malformed JSON (unbalanced ']'");
    QTest::newRow("empty-file") << QByteArray() << DetectedFormat::Empty << 0 << QStringLiteral("empty file");
    QTest::newRow("whitespace-only") << bytes(" \n\r\n\t ") << DetectedFormat::Empty << 0
                                     << QStringLiteral("empty file");
    QTest::newRow("binary") << bytes(std::string("\x00\x01\x02\x03\x04", 5)) << DetectedFormat::Unknown << 0
                            << QStringLiteral("not JSON and not a Sentry envelope: the content starts with byte 0x00");
    QTest::newRow("plain-text") << bytes("Traceback (most recent call last):\n  File x\n") << DetectedFormat::Unknown
                                << 0 << QStringLiteral("starts with byte 'T' (0x54)");
}

void TestRecordSource::detection()
{
    QFETCH(QByteArray, input);
    QFETCH(DetectedFormat, format);
    QFETCH(int, records);
    QFETCH(QString, rejection);
    for (std::size_t chunk : kChunkSizes) {
        const ReadResult r = readAll(input.toStdString(), chunk);
        const QString context = QStringLiteral("chunk size %1").arg(chunk);
        QVERIFY2(r.format == format,
            qPrintable(context + QStringLiteral(": format ") + QString::fromUtf8(detectedFormatName(r.format).data())));
        QVERIFY2(int(r.records.size()) == records,
            qPrintable(context + QStringLiteral(": %1 records").arg(r.records.size())));
        if (rejection.isEmpty()) {
            QVERIFY2(r.rejections.empty(), r.rejections.empty() ? "" : r.rejections.front().error.c_str());
        } else {
            QVERIFY2(r.rejections.size() == 1,
                qPrintable(context + QStringLiteral(": %1 rejections").arg(r.rejections.size())));
            QVERIFY2(QString::fromStdString(r.rejections.front().error).contains(rejection),
                r.rejections.front().error.c_str());
        }
        for (const RawRecord& rec : r.records) {
            QVERIFY(rec.itemType.empty() || format == DetectedFormat::Envelope);
            if (!rec.payloadOmitted)
                QCOMPARE(rec.payloadSize, qint64(rec.payload.size()));
        }
    }
}

void TestRecordSource::payloadsAreExact()
{
    // Records are the exact bytes of each value: no BOM, no line terminator, no indentation around it.
    const std::string input = "\xEF\xBB\xBF[\n  {\"message\": \"a\"},\n\t{\"message\":\n \"b\"}\n]";
    for (std::size_t chunk : kChunkSizes) {
        const ReadResult r = readAll(input, chunk);
        QCOMPARE(r.records.size(), std::size_t(2));
        QCOMPARE(r.records[0].payload, std::string(R"({"message": "a"})"));
        QCOMPARE(r.records[1].payload, std::string("{\"message\":\n \"b\"}"));
        QCOMPARE(r.records[1].location.line, qint64(3));
        QCOMPARE(r.records[1].location.byteOffset, qint64(input.find("{\"message\":\n")));
    }
    const ReadResult lines = readAll("{\"message\":\"a\"}\r\n  {\"message\":\"b\"}  \n", 1);
    QCOMPARE(lines.records.size(), std::size_t(2));
    QCOMPARE(lines.records[0].payload, std::string(R"({"message":"a"})"));
    QCOMPARE(lines.records[1].payload, std::string(R"({"message":"b"})"));
    QCOMPARE(lines.records[1].location.byteOffset, qint64(19));
}

void TestRecordSource::locations_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("described");
    QTest::newRow("ndjson-line") << bytes("{\"message\":\"a\"}\n\n{\"message\":\"b\"}\n{\"message\":\"c\"}\n")
                                 << QStringLiteral("events.ndjson") << 2 << QStringLiteral("events.ndjson:4");
    QTest::newRow("array-element") << bytes("[{\"message\":\"a\"},\n {\"message\":\"b\"}]")
                                   << QStringLiteral("dump.json") << 1
                                   << QStringLiteral("dump.json element 1 at byte 19");
    QTest::newRow("second-document") << bytes("{\n\"message\":\"a\"\n}\n{\n\"message\":\"b\"\n}\n")
                                     << QStringLiteral("many.json") << 1
                                     << QStringLiteral("many.json document 1 at byte 18 (line 4)");
    QTest::newRow("first-document") << bytes("{\n\"message\":\"a\"\n}\n") << QStringLiteral("one.json") << 0
                                    << QStringLiteral("one.json:1");
    QTest::newRow("envelope-item") << bytes(
        "{}\n{\"type\":\"event\",\"length\":2}\n{}\n{\"type\":\"attachment\",\"length\":3}\nabc\n")
                                   << QStringLiteral("x.envelope") << 1
                                   << QStringLiteral("x.envelope item 2 (attachment) at byte 34");
}

void TestRecordSource::locations()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, name);
    QFETCH(int, index);
    QFETCH(QString, described);
    for (std::size_t chunk : kChunkSizes) {
        const ReadResult r = readAll(input.toStdString(), chunk, name.toStdString());
        QVERIFY(index < int(r.records.size()));
        QCOMPARE(QString::fromStdString(r.records[std::size_t(index)].location.describe()), described);
    }
}

void TestRecordSource::describe_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("item");
    QTest::addColumn<QString>("itemType");
    QTest::addColumn<qint64>("element");
    QTest::addColumn<QString>("expected");
    QTest::newRow("file-only") << QStringLiteral("a.json") << qint64(0) << qint64(-1) << -1 << QString() << qint64(-1)
                               << QStringLiteral("a.json");
    QTest::newRow("line") << QStringLiteral("events.ndjson") << qint64(1234) << qint64(99) << -1 << QString()
                          << qint64(-1) << QStringLiteral("events.ndjson:1234");
    QTest::newRow("offset-only") << QStringLiteral("big.gz") << qint64(0) << qint64(512) << -1 << QString()
                                 << qint64(-1) << QStringLiteral("big.gz at byte 512");
    QTest::newRow("envelope-item") << QStringLiteral("x.envelope") << qint64(3) << qint64(512) << 2
                                   << QStringLiteral("attachment") << qint64(-1)
                                   << QStringLiteral("x.envelope item 2 (attachment) at byte 512");
    QTest::newRow("array-element") << QStringLiteral("dump.json") << qint64(40) << qint64(9000) << -1 << QString()
                                   << qint64(17) << QStringLiteral("dump.json element 17 at byte 9000");
}

void TestRecordSource::describe()
{
    QFETCH(QString, file);
    QFETCH(qint64, line);
    QFETCH(qint64, offset);
    QFETCH(int, item);
    QFETCH(QString, itemType);
    QFETCH(qint64, element);
    QFETCH(QString, expected);
    RecordLocation loc;
    loc.file = file.toStdString();
    loc.line = line;
    loc.byteOffset = offset;
    loc.item = item;
    loc.itemType = itemType.toStdString();
    loc.element = element;
    QCOMPARE(QString::fromStdString(loc.describe()), expected);
}

void TestRecordSource::standardInput()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("in.ndjson"));
    QVERIFY(writeFile(path, gzipBytes("{\"message\":\"a\"}\n{\"message\":\"b\"}\n")));
    const int saved = ::dup(STDIN_FILENO);
    QVERIFY(saved >= 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(::dup2(file.handle(), STDIN_FILENO) >= 0);
    auto source = RecordSource::open("-");
    std::size_t n = 0;
    if (source.ok()) {
        RawRecord record;
        while ((*source)->next(record))
            ++n;
    }
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    QVERIFY(source.ok());
    QCOMPARE((*source)->displayName(), std::string("<stdin>"));
    QCOMPARE((*source)->compression(), Compression::Gzip);
    QCOMPARE(n, std::size_t(2));
}

void TestRecordSource::openErrors()
{
    QTemporaryDir dir;
    auto missing = RecordSource::open(dir.filePath(QStringLiteral("nope.json")).toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.error().message).contains(QStringLiteral("nope.json")));
    auto directory = RecordSource::open(dir.path().toStdString());
    QVERIFY(!directory.ok());
    QVERIFY(QString::fromStdString(directory.error().message).contains(QStringLiteral("is a directory")));
}

void TestRecordSource::arrayElementsMatchTheParser()
{
    // Every sample (pretty-printed, escapes, nested strings with brackets) as one
    // array: the scanner must cut exactly the elements simdjson sees, whatever
    // the read size.
    STACKDECK_REQUIRE_CORPUS();
    std::string array = "[\n";
    for (const QString& f : corpusFiles(QStringLiteral("samples"))) {
        if (array.size() > 2)
            array += ",\n";
        array += readFile(corpusPath(f)).toStdString();
    }
    array += "]\n";
    simdjson::dom::parser parser;
    simdjson::dom::array reference;
    QVERIFY(parser.parse(array).get_array().get(reference) == simdjson::SUCCESS);
    std::vector<std::string> expected;
    for (simdjson::dom::element el : reference)
        expected.push_back(simdjson::minify(el));
    simdjson::dom::parser elementParser;
    for (std::size_t chunk : {std::size_t(1), std::size_t(2), std::size_t(5), std::size_t(8), std::size_t(13),
             std::size_t(4096), std::size_t(1) << 20}) {
        const ReadResult r = readAll(array, chunk);
        QVERIFY(r.rejections.empty());
        QCOMPARE(r.records.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            simdjson::dom::element el;
            QVERIFY(elementParser.parse(r.records[i].payload).get(el) == simdjson::SUCCESS);
            QCOMPARE(simdjson::minify(el), expected[i]);
        }
    }
}

void TestRecordSource::arrayStreamsWithBoundedMemory()
{
    // A 256 MB top-level array is split element by element, never loaded whole.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dump.json"));
    const std::string element
        = std::string(R"({"message":"element","extra":{"pad":")") + std::string(1000, 'p') + "\"}}";
    const std::size_t count = (256u << 20) / (element.size() + 2);
    {
        std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
        QVERIFY(f);
        std::string block = "[\n";
        for (std::size_t i = 0; i < count; ++i) {
            block += element;
            block += i + 1 < count ? ",\n" : "\n]\n";
            if (block.size() > (1 << 20)) {
                std::fwrite(block.data(), 1, block.size(), f);
                block.clear();
            }
        }
        std::fwrite(block.data(), 1, block.size(), f);
        std::fclose(f);
    }
    const long rssBefore = procStatusKb("VmRSS");
    const bool canMeasure = kMeasuresMemory && resetPeakRss() && rssBefore > 0;
    auto source = RecordSource::open(path.toStdString());
    QVERIFY(source.ok());
    QCOMPARE((*source)->format(), DetectedFormat::JsonArray);
    RawRecord record;
    std::size_t n = 0;
    while ((*source)->next(record)) {
        if (n == count - 1)
            QCOMPARE(record.location.element, qint64(n));
        ++n;
    }
    QCOMPARE(n, count);
    QVERIFY((*source)->rejections().empty());
    if (canMeasure) {
        const long grownKb = procStatusKb("VmHWM") - rssBefore;
        QVERIFY2(grownKb < 32 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(grownKb)));
    }
}

void TestRecordSource::corpusFormats_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<DetectedFormat>("format");
    STACKDECK_REQUIRE_CORPUS();
    for (const QString& f : corpusFiles(QStringLiteral("samples")))
        QTest::newRow(qPrintable(f)) << f << DetectedFormat::JsonDocument;
    for (const QString& f : corpusFiles(QStringLiteral("events-extra")))
        QTest::newRow(qPrintable(f)) << f << DetectedFormat::JsonDocument;
    for (const QString& f : corpusFiles(QStringLiteral("envelopes")))
        QTest::newRow(qPrintable(f)) << f << DetectedFormat::Envelope;
    for (const QString& f : corpusFiles(QStringLiteral("api-examples"))) {
        const bool list = QFileInfo(f).fileName().startsWith(QStringLiteral("list"))
            || f.contains(QStringLiteral("getOrganizationTrace.get"));
        QTest::newRow(qPrintable(f)) << f << (list ? DetectedFormat::JsonArray : DetectedFormat::JsonDocument);
    }
    for (const QString& f : corpusFiles(QStringLiteral("sdk/received"), {QStringLiteral("*.json")}))
        QTest::newRow(qPrintable(f)) << f << DetectedFormat::JsonDocument;
    for (const QString& f : corpusFiles(QStringLiteral("sdk/received"), {QStringLiteral("*.envelope")}))
        QTest::newRow(qPrintable(f)) << f << DetectedFormat::Envelope;
    for (const QString& f : corpusFiles(QStringLiteral("sdk/received/wire"), {QStringLiteral("*.json.gzip")}))
        QTest::newRow(qPrintable(f)) << f << DetectedFormat::JsonDocument;
    for (const QString& f : corpusFiles(QStringLiteral("sdk/received/wire"), {QStringLiteral("*.envelope.gzip")}))
        QTest::newRow(qPrintable(f)) << f << DetectedFormat::Envelope;
    QTest::newRow("requests.jsonl") << QStringLiteral("sdk/received/requests.jsonl") << DetectedFormat::JsonLines;
}

void TestRecordSource::corpusFormats()
{
    QFETCH(QString, file);
    QFETCH(DetectedFormat, format);
    auto source = RecordSource::open(corpusPath(file).toStdString());
    QVERIFY(source.ok());
    QCOMPARE(QString::fromUtf8(detectedFormatName((*source)->format()).data()),
        QString::fromUtf8(detectedFormatName(format).data()));
    RawRecord record;
    std::int64_t n = 0;
    while ((*source)->next(record))
        ++n;
    QVERIFY(n > 0);
    QCOMPARE((*source)->recordCount(), n);
    QCOMPARE((*source)->bytesConsumed(), (*source)->totalBytes());
}

QTEST_GUILESS_MAIN(TestRecordSource)
#include "tst_recordsource.moc"
