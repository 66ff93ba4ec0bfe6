#include "formats/bytestream.h"
#include "formats/recordsource.h"
#include "formatstestutil.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

const std::string kNdjson = R"({"event_id":"0123456789abcdef0123456789abcdef","message":"one"}
{"message":"two","level":"warning"}
{"message":"three"}
)";

// Reads a decoded stream to the end; the error message, if any, lands in `error`.
std::string drain(ByteStream& s, std::string* error, std::size_t chunk = 4096)
{
    std::string out;
    std::string buf(chunk, '\0');
    for (;;) {
        auto n = s.read(buf.data(), buf.size());
        if (!n.ok()) {
            *error = n.error().message;
            return out;
        }
        if (*n == 0)
            return out;
        out.append(buf.data(), *n);
    }
}

} // namespace

class TestDecompression : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sniffedCodecs_data();
    void sniffedCodecs();
    void damagedInput_data();
    void damagedInput();
    void bombStopsAtDefaultThreshold();
    void bombRatioAndCapConfigurable_data();
    void bombRatioAndCapConfigurable();
    void largeGzipStreamsWithBoundedMemory();
    void wireFilesMatchReceived_data();
    void wireFilesMatchReceived();
};

void TestDecompression::sniffedCodecs_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("compression");
    QTest::addColumn<int>("chunk");
    const std::string plain = kNdjson;
    auto row = [](const char* name, const std::string& b, Compression c, int chunk) {
        QTest::newRow(name) << QByteArray(b.data(), static_cast<qsizetype>(b.size())) << int(c) << chunk;
    };
    row("plain-passes-through", plain, Compression::None, 1 << 20);
    row("gzip", gzipBytes(plain), Compression::Gzip, 1 << 20);
    row("gzip-tiny-chunks", gzipBytes(plain), Compression::Gzip, 64);
    row("gzip-multi-member", gzipBytes(plain.substr(0, 40)) + gzipBytes(plain.substr(40)), Compression::Gzip, 64);
    row("gzip-member-then-zero-padding", gzipBytes(plain) + std::string(512, '\0'), Compression::Gzip, 64);
    row("zlib", zlibBytes(plain), Compression::Zlib, 1 << 20);
    row("zlib-tiny-chunks", zlibBytes(plain), Compression::Zlib, 64);
    row("zstd", zstdBytes(plain), Compression::Zstd, 1 << 20);
    row("zstd-two-frames", zstdBytes(plain.substr(0, 50)) + zstdBytes(plain.substr(50)), Compression::Zstd, 64);
    row("zstd-tiny-chunks", zstdBytes(plain, 19), Compression::Zstd, 64);
}

void TestDecompression::sniffedCodecs()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, compression);
    QFETCH(int, chunk);
    ReaderOptions options;
    options.chunkSize = static_cast<std::size_t>(chunk);

    Compression detected = Compression::None;
    auto stream = openDecodedStream(bufferStream(bytes.toStdString()), options, &detected);
    QVERIFY(stream.ok());
    QCOMPARE(int(detected), compression);
    std::string error;
    const std::string out = drain(**stream, &error, static_cast<std::size_t>(chunk));
    QCOMPARE(QString::fromStdString(error), QString());
    QCOMPARE(out, kNdjson);

    // Same content through a file whose name says nothing (or lies): detection is by content.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.txt"));
    QVERIFY(writeFile(path, view(bytes)));
    auto source = RecordSource::open(path.toStdString(), options);
    QVERIFY(source.ok());
    QCOMPARE(int((*source)->compression()), compression);
    QCOMPARE((*source)->format(), DetectedFormat::JsonLines);
    RawRecord record;
    int n = 0;
    while ((*source)->next(record))
        ++n;
    QCOMPARE(n, 3);
    QVERIFY((*source)->rejections().empty());
    QCOMPARE((*source)->bytesConsumed(), qint64(bytes.size()));
    QCOMPARE((*source)->totalBytes(), qint64(bytes.size()));
}

void TestDecompression::damagedInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("records");
    const std::string gz = gzipBytes(kNdjson);
    const std::string zs = zstdBytes(kNdjson);
    auto row = [](const char* name, const std::string& b, const char* error, int records) {
        QTest::newRow(name) << QByteArray(b.data(), static_cast<qsizetype>(b.size())) << QString::fromUtf8(error)
                            << records;
    };
    row("gzip-trailer-cut", gz.substr(0, gz.size() - 4), "gzip data truncated at compressed offset", 3);
    row("gzip-cut-in-half", gz.substr(0, gz.size() / 2), "gzip data truncated at compressed offset", -1);
    std::string corrupt = gz;
    corrupt[12] = static_cast<char>(corrupt[12] ^ 0x55);
    corrupt[13] = static_cast<char>(corrupt[13] ^ 0x55);
    row("gzip-corrupt", corrupt, "gzip data", -1);
    row("gzip-trailing-garbage", gz + "garbage", "unexpected data after the gzip member at compressed offset", 3);
    row("zstd-truncated", zs.substr(0, zs.size() - 5), "zstd data truncated at compressed offset", -1);
}

void TestDecompression::damagedInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QFETCH(int, records);
    auto source = RecordSource::fromBuffer(bytes.toStdString(), "damaged.gz");
    RawRecord record;
    int n = 0;
    while (source->next(record))
        ++n;
    if (records >= 0)
        QCOMPARE(n, records);
    QVERIFY(!source->rejections().empty());
    const QString last = QString::fromStdString(source->rejections().back().error);
    QVERIFY2(last.contains(error), qPrintable(last));
    // The stream error is located in the decoded stream.
    QVERIFY(source->rejections().back().location.byteOffset >= 0);
}

void TestDecompression::bombStopsAtDefaultThreshold()
{
    // 300 MiB of one repeated line compresses over 1000:1; the default guard
    // must stop once the output passes 256 MiB.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bomb.ndjson.gz"));
    const std::string line = std::string(R"({"message":")") + std::string(1000, 'a') + "\"}\n";
    QVERIFY(writeGzipRepeated(path, line, (1u << 20) / line.size(), 300));
    QVERIFY(QFileInfo(path).size() < (1 << 20));

    auto stream = openFileStream(path.toStdString());
    QVERIFY(stream.ok());
    auto decoded = openDecodedStream(std::move(stream).value(), ReaderOptions {});
    QVERIFY(decoded.ok());
    std::string error;
    std::int64_t total = 0;
    std::string buf(1 << 20, '\0');
    for (;;) {
        auto n = (*decoded)->read(buf.data(), buf.size());
        if (!n.ok()) {
            error = n.error().message;
            break;
        }
        if (*n == 0)
            break;
        total += static_cast<std::int64_t>(*n);
    }
    QVERIFY2(QString::fromStdString(error).startsWith(
                 QStringLiteral("decompression stopped: output exceeds 250:1 of the input at compressed offset ")),
        error.c_str());
    QVERIFY(total <= (256 << 20));
    QVERIFY(total > (250 << 20));

    // Through RecordSource: the records before the stop are kept, the stop is a rejection.
    auto source = RecordSource::open(path.toStdString());
    QVERIFY(source.ok());
    RawRecord record;
    std::int64_t records = 0;
    while ((*source)->next(record))
        ++records;
    QVERIFY(records > 200000);
    QCOMPARE((*source)->rejections().size(), std::size_t(1));
    QVERIFY(QString::fromStdString((*source)->rejections().front().error).contains(QStringLiteral("250:1")));
}

void TestDecompression::bombRatioAndCapConfigurable_data()
{
    QTest::addColumn<qint64>("minOutput");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<QString>("error");
    QTest::newRow("ratio-10-after-1MiB") << qint64(1 << 20) << 10.0 << qint64(0)
                                         << QStringLiteral("output exceeds 10:1 of the input");
    QTest::newRow("absolute-cap-2MiB") << qint64(1LL << 40) << 250.0 << qint64(2 << 20)
                                       << QStringLiteral("output exceeds the cap of 2097152 bytes");
    QTest::newRow("generous-limits-read-all") << qint64(1LL << 40) << 1e9 << qint64(0) << QString();
}

void TestDecompression::bombRatioAndCapConfigurable()
{
    QFETCH(qint64, minOutput);
    QFETCH(double, ratio);
    QFETCH(qint64, cap);
    QFETCH(QString, error);
    const std::string plain(8 << 20, 'z');
    ReaderOptions options;
    options.bombMinOutput = minOutput;
    options.bombMaxRatio = ratio;
    options.maxDecompressedBytes = cap;
    auto decoded = openDecodedStream(bufferStream(gzipBytes(plain)), options);
    QVERIFY(decoded.ok());
    std::string message;
    const std::string out = drain(**decoded, &message, 1 << 16);
    if (error.isEmpty()) {
        QCOMPARE(QString::fromStdString(message), QString());
        QCOMPARE(out.size(), plain.size());
    } else {
        QVERIFY2(QString::fromStdString(message).contains(error), message.c_str());
        QVERIFY(QString::fromStdString(message).contains(QStringLiteral("at compressed offset ")));
        QVERIFY(out.size() < plain.size());
    }
}

void TestDecompression::largeGzipStreamsWithBoundedMemory()
{
    // ~200 MB of NDJSON in a .gz: every record comes out, memory stays flat.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.ndjson.gz"));
    const std::string line = std::string(R"({"message":"hello","extra":{"pad":")") + std::string(2000, 'p') + "\"}}\n";
    const std::size_t perMember = (1u << 20) / line.size();
    const std::size_t repeat = perMember * 200;
    QVERIFY(writeGzipRepeated(path, line, perMember, 200));

    const long rssBefore = procStatusKb("VmRSS");
    const bool canMeasure = kMeasuresMemory && resetPeakRss() && rssBefore > 0;
    auto source = RecordSource::open(path.toStdString());
    QVERIFY(source.ok());
    QCOMPARE((*source)->compression(), Compression::Gzip);
    RawRecord record;
    std::size_t n = 0;
    while ((*source)->next(record))
        ++n;
    QCOMPARE(n, repeat);
    QVERIFY((*source)->rejections().empty());
    QCOMPARE((*source)->bytesConsumed(), (*source)->totalBytes());
    if (canMeasure) {
        const long grownKb = procStatusKb("VmHWM") - rssBefore;
        QVERIFY2(grownKb < 32 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(grownKb)));
    }
}

void TestDecompression::wireFilesMatchReceived_data()
{
    QTest::addColumn<QString>("wire");
    STACKDECK_REQUIRE_CORPUS();
    for (const QString& f : corpusFiles(QStringLiteral("sdk/received/wire")))
        QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

void TestDecompression::wireFilesMatchReceived()
{
    QFETCH(QString, wire);
    // wire/000001.json.gzip holds what received/000001.json holds, compressed.
    const QString name = QFileInfo(wire).fileName();
    const QString received = QStringLiteral("sdk/received/") + name.left(name.lastIndexOf(QLatin1Char('.')));
    const QByteArray expected = readFile(corpusPath(received));
    QVERIFY(!expected.isEmpty());
    auto stream = openFileStream(corpusPath(wire).toStdString());
    QVERIFY(stream.ok());
    Compression c = Compression::None;
    auto decoded = openDecodedStream(std::move(stream).value(), ReaderOptions {}, &c);
    QVERIFY(decoded.ok());
    QCOMPARE(c, Compression::Gzip);
    std::string error;
    const std::string out = drain(**decoded, &error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(out, expected.toStdString());
}

QTEST_GUILESS_MAIN(TestDecompression)
#include "tst_decompression.moc"
