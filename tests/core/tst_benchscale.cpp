// `stackdeck-cli bench import --scale`: slices imported one after another into
// one workspace, each reported with its rate and the workspace size against
// the input so far, and the same generated files kept for jq and a look.

#include "bench/benchinput.h"
#include "bench/scalebench.h"
#include "clirunner.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestBenchScale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void slicesAddUpInOneWorkspace();
    void fileIsSlicedIntoItsFirstRecords();
    void slicesStreamTheSameRecords();
    void deletedSlicesLeaveTheWorkspace();
    void usageErrors_data();
    void usageErrors();
};

void TestBenchScale::slicesAddUpInOneWorkspace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const test::CliRun r = test::runCli({QStringLiteral("bench"), QStringLiteral("import"), QStringLiteral("--scale"),
        QStringLiteral("3000"), QStringLiteral("--slice"), QStringLiteral("1000"), QStringLiteral("--json"),
        QStringLiteral("--keep"), dir.path()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    const QJsonArray slices = o.value(QStringLiteral("slices")).toArray();
    QCOMPARE(slices.size(), 3);
    qint64 events = 0;
    qint64 previousInput = 0;
    for (const QJsonValue& v : slices) {
        const QJsonObject slice = v.toObject();
        QCOMPARE(slice.value(QStringLiteral("events")).toInteger(), 1000);
        QCOMPARE(slice.value(QStringLiteral("rejected")).toInteger(), 0);
        QVERIFY(slice.value(QStringLiteral("seconds")).toDouble() > 0);
        QVERIFY(slice.value(QStringLiteral("events_per_second")).toDouble() > 0);
        QVERIFY(slice.value(QStringLiteral("workspace_bytes")).toInteger() > 0);
        // The input is cumulative: each slice adds its own file.
        const qint64 input = slice.value(QStringLiteral("input_bytes")).toInteger();
        QVERIFY(input > previousInput);
        previousInput = input;
        events += slice.value(QStringLiteral("events")).toInteger();
    }
    QCOMPARE(slices.first().toObject().value(QStringLiteral("rate_vs_first")).toDouble(), 1.0);
    // jq timed per slice after its import: the whole figure is their sum, or null with every slice's.
    double jqSum = 0;
    bool jqEverySlice = true;
    for (const QJsonValue& v : slices) {
        const QJsonValue jq = v.toObject().value(QStringLiteral("jq_seconds"));
        jqEverySlice = jqEverySlice && !jq.isNull();
        jqSum += jq.toDouble();
        QVERIFY(v.toObject().value(QStringLiteral("writer_cpu_seconds")).toDouble() > 0);
    }
    if (jqEverySlice)
        QVERIFY(qAbs(o.value(QStringLiteral("jq_seconds")).toDouble() - jqSum) < 1e-9);
    else
        QVERIFY(o.value(QStringLiteral("jq_seconds")).isNull());
    QCOMPARE(o.value(QStringLiteral("slices_deleted")).toBool(), false);
    QCOMPARE(events, 3000);
    QCOMPARE(o.value(QStringLiteral("events")).toInteger(), 3000);
    QVERIFY(o.value(QStringLiteral("import_events_per_second")).toDouble() > 0);
    QVERIFY(o.value(QStringLiteral("peak_rss_bytes")).toDouble() > 0);
    QVERIFY(o.value(QStringLiteral("size_ratio")).toDouble() > 0);
    QCOMPARE(o.value(QStringLiteral("input_bytes")).toInteger(), previousInput);
    // jq ran over the same files, or is reported missing as null (never a made-up figure).
    const QJsonValue speedup = o.value(QStringLiteral("speedup_over_jq"));
    QVERIFY(speedup.isNull() || speedup.toDouble() > 0);

    // --keep: the three slice files jq read, summing to the input, and the workspace with every event.
    QDir kept(dir.path());
    const QStringList files = kept.entryList({QStringLiteral("slice-*.ndjson")}, QDir::Files, QDir::Name);
    QCOMPARE(files,
        (QStringList {QStringLiteral("slice-001.ndjson"), QStringLiteral("slice-002.ndjson"),
            QStringLiteral("slice-003.ndjson")}));
    qint64 inputBytes = 0;
    for (const QString& f : files)
        inputBytes += QFileInfo(kept.filePath(f)).size();
    QCOMPARE(inputBytes, previousInput);
    const QString db = QString::fromStdString(o.value(QStringLiteral("workspace")).toString().toStdString());
    QCOMPARE(QFileInfo(db).absolutePath(), QFileInfo(dir.path()).absoluteFilePath());
    QCOMPARE(o.value(QStringLiteral("workspace_bytes")).toInteger(), bench::workspaceBytesOnDisk(db.toStdString()));
    auto ws = store::Workspace::open(db.toStdString(), store::Workspace::Mode::ReadOnly);
    QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
    sql::Statement count((*ws)->db(), "SELECT count(*) FROM events");
    QVERIFY(count.step());
    QCOMPARE(count.int64(0), std::int64_t(3000));
}

// --file: the first N records of a file, blank lines skipped, in slices of K.
void TestBenchScale::fileIsSlicedIntoItsFirstRecords()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    bench::SyntheticOptions options;
    options.events = 25;
    const bench::BenchInput whole = bench::writeSyntheticInput(options, dir.path().toStdString(), "whole", 25);
    QVERIFY2(whole.error.empty(), whole.error.c_str());
    QCOMPARE(whole.files.size(), std::size_t(1));
    QCOMPARE(QFileInfo(QString::fromStdString(whole.files.front())).fileName(), QStringLiteral("whole.ndjson"));

    const std::string out = QDir(dir.path()).filePath(QStringLiteral("out")).toStdString();
    QVERIFY(QDir().mkpath(QString::fromStdString(out)));
    const bench::BenchInput sliced = bench::sliceNdjsonFile(whole.files.front(), 20, out, "part", 8);
    QVERIFY2(sliced.error.empty(), sliced.error.c_str());
    QCOMPARE(sliced.events, (std::vector<std::int64_t> {8, 8, 4}));
    QCOMPARE(sliced.totalEvents(), 20);
    for (std::size_t i = 0; i < sliced.files.size(); ++i)
        QCOMPARE(QFileInfo(QString::fromStdString(sliced.files[i])).size(), sliced.bytes[i]);

    const bench::BenchInput tooFew = bench::sliceNdjsonFile(whole.files.front(), 30, out, "more", 8);
    QVERIFY(tooFew.error.find("holds 25 records, fewer than the 30") != std::string::npos);
}

// A stream writes one slice per call, and its slices hold the records the
// one-go writer writes, in the same order; a short file fails at its end.
void TestBenchScale::slicesStreamTheSameRecords()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    bench::SyntheticOptions options;
    options.events = 25;
    options.now = 1'700'000'000'000'000; // both corpora from the same clock
    const bench::BenchInput whole = bench::writeSyntheticInput(options, dir.path().toStdString(), "whole", 25);
    QVERIFY2(whole.error.empty(), whole.error.c_str());

    auto stream = bench::syntheticSlices(options, dir.path().toStdString(), "part", 10);
    QByteArray streamed;
    const std::vector<std::int64_t> expected {10, 10, 5};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QVERIFY2(stream->writeNext(), stream->input().error.c_str());
        QCOMPARE(stream->input().files.size(), i + 1);
        QCOMPARE(stream->input().events.back(), expected[i]);
        QFile part(QString::fromStdString(stream->input().files.back()));
        QVERIFY(part.open(QIODevice::ReadOnly));
        streamed += part.readAll();
        part.close();
        QVERIFY(part.remove()); // as --delete-slices does: the next slice does not need it
    }
    QVERIFY(!stream->writeNext());
    QVERIFY(stream->input().error.empty());
    QCOMPARE(stream->input().totalEvents(), 25);
    QCOMPARE(stream->input().medianEventBytes, whole.medianEventBytes);
    QFile one(QString::fromStdString(whole.files.front()));
    QVERIFY(one.open(QIODevice::ReadOnly));
    QCOMPARE(streamed, one.readAll());

    auto fromFile = bench::ndjsonSlices(whole.files.front(), 30, dir.path().toStdString(), "short", 20);
    QVERIFY(fromFile->writeNext());
    QCOMPARE(fromFile->input().events.back(), 20);
    QVERIFY(!fromFile->writeNext());
    QVERIFY(fromFile->input().error.find("holds 25 records, fewer than the 30") != std::string::npos);
}

// --delete-slices: every slice imported and gone from disk, the workspace whole.
void TestBenchScale::deletedSlicesLeaveTheWorkspace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const test::CliRun r = test::runCli({QStringLiteral("bench"), QStringLiteral("import"), QStringLiteral("--scale"),
        QStringLiteral("2500"), QStringLiteral("--slice"), QStringLiteral("1000"), QStringLiteral("--json"),
        QStringLiteral("--keep"), dir.path(), QStringLiteral("--delete-slices")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("slices_deleted")).toBool(), true);
    const QJsonArray slices = o.value(QStringLiteral("slices")).toArray();
    QCOMPARE(slices.size(), 3);
    QCOMPARE(slices.last().toObject().value(QStringLiteral("events")).toInteger(), 500);
    QCOMPARE(o.value(QStringLiteral("events")).toInteger(), 2500);
    QVERIFY(o.value(QStringLiteral("input_bytes")).toInteger() > 0);
    QVERIFY(QDir(dir.path()).entryList({QStringLiteral("slice-*.ndjson")}, QDir::Files).isEmpty());
    const QString db = QString::fromStdString(o.value(QStringLiteral("workspace")).toString().toStdString());
    auto ws = store::Workspace::open(db.toStdString(), store::Workspace::Mode::ReadOnly);
    QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
    sql::Statement count((*ws)->db(), "SELECT count(*) FROM events");
    QVERIFY(count.step());
    QCOMPARE(count.int64(0), std::int64_t(2500));
}

void TestBenchScale::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString bench = QStringLiteral("bench");
    QTest::newRow("zero-scale") << QStringList {bench, QStringLiteral("import"), QStringLiteral("--scale"),
        QStringLiteral("0")} << QStringLiteral("--scale and --slice take a positive number");
    QTest::newRow("zero-slice") << QStringList {bench, QStringLiteral("import"), QStringLiteral("--scale"),
        QStringLiteral("10"), QStringLiteral("--slice"), QStringLiteral("0")}
                                << QStringLiteral("--scale and --slice take a positive number");
    QTest::newRow("scale-and-events") << QStringList {bench, QStringLiteral("import"), QStringLiteral("--scale"),
        QStringLiteral("10"), QStringLiteral("--events"), QStringLiteral("10")}
                                      << QStringLiteral("drop --events");
    QTest::newRow("delete-slices-without-scale") << QStringList {bench, QStringLiteral("import"),
        QStringLiteral("--events"), QStringLiteral("10"), QStringLiteral("--delete-slices")}
                                                 << QStringLiteral("--delete-slices is for bench import --scale");
    QTest::newRow("scale-for-regroup") << QStringList {bench, QStringLiteral("regroup"), QStringLiteral("--scale"),
        QStringLiteral("10")} << QStringLiteral("--scale is for bench import");
}

void TestBenchScale::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const test::CliRun r = test::runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TestBenchScale)
#include "tst_benchscale.moc"
