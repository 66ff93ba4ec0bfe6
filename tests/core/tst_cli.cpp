// stackdeck-cli end to end: exit codes, the JSON shapes the issue specifies,
// stdin, show --raw byte for byte, and a kill -9 in the middle of an import.
// (tst_clirules: hash with rules, regroup dry run and apply.)

#include "bench/syntheticcorpus.h"
#include "clirunner.h"
#include "store/consistency.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace stackdeck;

namespace {

using Run = test::CliRun;
using test::keysOf;

Run cli(const QStringList& args, const QByteArray& input = {}, const QString& dataHome = {})
{
    return test::runCli(args, input, dataHome);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void importJsonShape();
    void importRejectedRecordExitsOne();
    void importFromStdin();
    void issuesAndEventsJson();
    void showRawIsByteForByte();
    void hashJson();
    void reindex();
    void killDuringImportLeavesConsistentWorkspace();
    void benchImportJson();

private:
    QTemporaryDir m_dir;
    QString m_db;
    QString m_small; // a workspace holding one event, for the errors that need one
};

void TestCli::initTestCase()
{
    QVERIFY(QFile::exists(test::cliPath()));
    m_db = m_dir.filePath(QStringLiteral("cli.stackdeck"));
    m_small = m_dir.filePath(QStringLiteral("small.stackdeck"));
    const Run r = cli(
        {QStringLiteral("import"), QStringLiteral("--db"), m_small, QStringLiteral("--json"), QStringLiteral("-")},
        QByteArray(R"({"event_id":"fedcba9876543210fedcba9876543210","message":"the only event"})"
                   "\n"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("events")).toInt(), 1);
}

// Each row fails for its own reason, checked by the message: a workspace that
// is missing must not stand in for an unknown event or a bad option.
void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message"); // a part of what stderr must say
    const QString db = QStringLiteral("--db");
    QTest::newRow("no-command") << QStringList {} << QStringLiteral("usage: stackdeck-cli COMMAND");
    QTest::newRow("unknown-command") << QStringList {QStringLiteral("frobnicate")}
                                     << QStringLiteral("unknown command 'frobnicate'");
    QTest::newRow("import-without-path") << QStringList {QStringLiteral("import"), db, m_small}
                                         << QStringLiteral("import needs at least one PATH");
    const QString nope = m_dir.filePath(QStringLiteral("nope.json"));
    QTest::newRow("import-missing-file") << QStringList {QStringLiteral("import"), db, m_small, nope}
                                         << nope + QStringLiteral(": no such file");
    QTest::newRow("issues-bad-sort") << QStringList {QStringLiteral("issues"), db, m_small, QStringLiteral("--sort"),
        QStringLiteral("loudness")} << QStringLiteral("unknown sort 'loudness'");
    const QString absent = m_dir.filePath(QStringLiteral("absent.stackdeck"));
    QTest::newRow("issues-missing-db") << QStringList {QStringLiteral("issues"), db, absent}
                                       << QStringLiteral("no workspace at ") + absent;
    QTest::newRow("show-unknown-event") << QStringList {QStringLiteral("show"), db, m_small,
        QStringLiteral("0123456789abcdef0123456789abcdef")}
                                        << QStringLiteral("no event 0123456789abcdef0123456789abcdef in ");
    QTest::newRow("bad-option") << QStringList {QStringLiteral("events"), db, m_small, QStringLiteral("--frobs")}
                                << QStringLiteral("Unknown option 'frobs'");
    QTest::newRow("regroup-rules-without-project") << QStringList {QStringLiteral("regroup"), db, m_small,
        QStringLiteral("--rules"), m_dir.filePath(QStringLiteral("nope.txt"))}
                                                   << QStringLiteral("pass --project NAME");
    QTest::newRow("rules-without-project")
        << QStringList {QStringLiteral("rules"), db, m_small} << QStringLiteral("rules needs --project NAME");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = cli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

void TestCli::importJsonShape()
{
    STACKDECK_REQUIRE_CORPUS();
    const Run r = cli({QStringLiteral("import"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
        test::corpusPath(QStringLiteral("samples"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(keysOf(o),
        (QStringList {QStringLiteral("duplicates"), QStringLiteral("events"), QStringLiteral("files"),
            QStringLiteral("issues_created"), QStringLiteral("rejected"), QStringLiteral("skipped_items"),
            QStringLiteral("spans"), QStringLiteral("transactions")}));
    // 47 sample files: 36 error/default/security events and 11 transactions.
    QCOMPARE(o.value(QStringLiteral("events")).toInt() + o.value(QStringLiteral("transactions")).toInt(), 47);
    QVERIFY(o.value(QStringLiteral("transactions")).toInt() >= 5);
    QVERIFY(o.value(QStringLiteral("spans")).toInt() > 0);
    QVERIFY(o.value(QStringLiteral("issues_created")).toInt() > 10);
    QVERIFY(o.value(QStringLiteral("rejected")).toArray().isEmpty());

    // The same files again: nothing new, everything a duplicate.
    const Run again = cli({QStringLiteral("import"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
        test::corpusPath(QStringLiteral("samples"))});
    QCOMPARE(again.exitCode, 0);
    const QJsonObject o2 = QJsonDocument::fromJson(again.out).object();
    QCOMPARE(o2.value(QStringLiteral("events")).toInt(), 0);
    QCOMPARE(o2.value(QStringLiteral("duplicates")).toInt(),
        o.value(QStringLiteral("events")).toInt() + o.value(QStringLiteral("transactions")).toInt());
}

void TestCli::importRejectedRecordExitsOne()
{
    const QString file = m_dir.filePath(QStringLiteral("mixed.ndjson"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"message\":\"fine\",\"event_id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n{broken\n");
    f.close();
    const Run r = cli({QStringLiteral("import"), QStringLiteral("--db"),
        m_dir.filePath(QStringLiteral("mixed.stackdeck")), QStringLiteral("--json"), file});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("events")).toInt(), 1);
    const QJsonArray rejected = o.value(QStringLiteral("rejected")).toArray();
    QCOMPARE(rejected.size(), 1);
    const QJsonObject rej = rejected.first().toObject();
    QCOMPARE(keysOf(rej), (QStringList {QStringLiteral("error"), QStringLiteral("file"), QStringLiteral("location")}));
    QVERIFY(rej.value(QStringLiteral("location")).toString().endsWith(QStringLiteral(":2")));
}

void TestCli::importFromStdin()
{
    const Run r
        = cli({QStringLiteral("import"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("stdin.stackdeck")),
                  QStringLiteral("--json"), QStringLiteral("-")},
            QByteArray("{\"exception\":{\"values\":[{\"type\":\"KeyError\",\"value\":\"'x'\"}]}}\n"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("events")).toInt(), 1);
}

void TestCli::issuesAndEventsJson()
{
    STACKDECK_REQUIRE_CORPUS();
    const Run issues = cli({QStringLiteral("issues"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
        QStringLiteral("--sort"), QStringLiteral("events"), QStringLiteral("--limit"), QStringLiteral("5")});
    QCOMPARE(issues.exitCode, 0);
    const QJsonArray list = QJsonDocument::fromJson(issues.out).array();
    QCOMPARE(list.size(), 5);
    QStringList want {QStringLiteral("culprit"), QStringLiteral("events"), QStringLiteral("first_seen"),
        QStringLiteral("id"), QStringLiteral("last_seen"), QStringLiteral("level"), QStringLiteral("primary_hash"),
        QStringLiteral("status"), QStringLiteral("title"), QStringLiteral("users")};
    for (const auto& v : list) {
        QStringList keys = keysOf(v.toObject());
        keys.removeAll(QStringLiteral("project"));
        QCOMPARE(keys, want);
    }
    for (int i = 1; i < list.size(); ++i) // sorted by events, descending
        QVERIFY(list[i - 1].toObject().value(QStringLiteral("events")).toInt()
            >= list[i].toObject().value(QStringLiteral("events")).toInt());

    const QString issueId = QString::number(list.first().toObject().value(QStringLiteral("id")).toInt());
    const Run events = cli({QStringLiteral("events"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
        QStringLiteral("--issue"), issueId});
    QCOMPARE(events.exitCode, 0);
    const QJsonArray ev = QJsonDocument::fromJson(events.out).array();
    QCOMPARE(ev.size(), list.first().toObject().value(QStringLiteral("events")).toInt());
    for (const auto& v : ev) {
        QCOMPARE(keysOf(v.toObject()),
            (QStringList {QStringLiteral("event_id"), QStringLiteral("issue_id"), QStringLiteral("level"),
                QStringLiteral("project"), QStringLiteral("timestamp"), QStringLiteral("title"),
                QStringLiteral("trace_id"), QStringLiteral("type")}));
        QCOMPARE(QString::number(v.toObject().value(QStringLiteral("issue_id")).toInt()), issueId);
    }

    const Run bad = cli({QStringLiteral("issues"), QStringLiteral("--db"), m_db, QStringLiteral("--query"),
        QStringLiteral("lvel:error")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("lvel"));
}

void TestCli::showRawIsByteForByte()
{
    STACKDECK_REQUIRE_CORPUS();
    const QString file = test::corpusPath(QStringLiteral("events-extra/sentry-cli/event.json"));
    const QString db = m_dir.filePath(QStringLiteral("show.stackdeck"));
    QCOMPARE(cli({QStringLiteral("import"), QStringLiteral("--db"), db, file}).exitCode, 0);
    const QJsonObject original = QJsonDocument::fromJson(test::readFile(file)).object();
    const QString id = original.value(QStringLiteral("event_id")).toString(); // dashed in the file
    const Run raw = cli({QStringLiteral("show"), QStringLiteral("--db"), db, QStringLiteral("--raw"), id});
    QCOMPARE(raw.exitCode, 0);
    QByteArray expected = test::readFile(file);
    if (!expected.endsWith('\n'))
        expected += '\n';
    QCOMPARE(raw.out, expected);
    const Run normalised = cli({QStringLiteral("show"), QStringLiteral("--db"), db, id});
    QCOMPARE(normalised.exitCode, 0);
    const QJsonObject event = QJsonDocument::fromJson(normalised.out).object();
    QCOMPARE(event.value(QStringLiteral("event_id")).toString(), QString(id).remove(QLatin1Char('-')).toLower());
}

void TestCli::hashJson()
{
    STACKDECK_REQUIRE_CORPUS();
    const Run r = cli(
        {QStringLiteral("hash"), QStringLiteral("--json"), test::corpusPath(QStringLiteral("samples/python.json"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.trimmed()).object();
    QVERIFY(o.contains(QStringLiteral("event_id")));
    QCOMPARE(o.value(QStringLiteral("primary_hash")).toString().size(), 32);
    QVERIFY(!o.value(QStringLiteral("hashes")).toArray().isEmpty());
    QCOMPARE(o.value(QStringLiteral("hashes")).toArray().first().toString(),
        o.value(QStringLiteral("primary_hash")).toString());
    const QJsonObject variants = o.value(QStringLiteral("variants")).toObject();
    QVERIFY(!variants.isEmpty());
    for (const auto& v : variants) {
        QVERIFY(v.toObject().contains(QStringLiteral("hash")));
        QVERIFY(v.toObject().contains(QStringLiteral("contributes")));
        QVERIFY(v.toObject().contains(QStringLiteral("values")));
    }
}

void TestCli::reindex()
{
    STACKDECK_REQUIRE_CORPUS();
    const Run before = cli({QStringLiteral("issues"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
        QStringLiteral("--limit"), QStringLiteral("1000")});
    const Run r = cli({QStringLiteral("reindex"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const Run after = cli({QStringLiteral("issues"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
        QStringLiteral("--limit"), QStringLiteral("1000")});
    auto strip = [](const QByteArray& bytes) {
        QStringList rows;
        for (const auto& v : QJsonDocument::fromJson(bytes).array()) {
            QJsonObject o = v.toObject();
            o.remove(QStringLiteral("id")); // row ids are reassigned
            rows << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        }
        rows.sort();
        return rows;
    };
    QCOMPARE(strip(after.out), strip(before.out));
}

// A kill -9 in the middle of an import leaves a consistent workspace (whole
// batches or nothing), and importing again completes it exactly. The import
// reads stdin, which stays open: when it is killed it has provably not
// finished, however fast the machine, and it has committed some batches.
void TestCli::killDuringImportLeavesConsistentWorkspace()
{
    constexpr int kEvents = 4000;
    constexpr int kFed = 1500; // what the import gets before it is killed
    const QString file = m_dir.filePath(QStringLiteral("kill.ndjson"));
    QByteArray fed;
    {
        bench::SyntheticOptions options;
        options.events = kEvents;
        options.now = 1'790'000'000'000'000LL;
        bench::SyntheticCorpus corpus(options);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        std::string line;
        int n = 0;
        while (corpus.next(line)) {
            line += '\n';
            out.write(line.data(), static_cast<qint64>(line.size()));
            if (n++ < kFed)
                fed.append(line.data(), static_cast<qsizetype>(line.size()));
        }
        QCOMPARE(n, kEvents);
    }
    const QString db = m_dir.filePath(QStringLiteral("kill.stackdeck"));
    const QString project = QStringLiteral("kill"); // stdin and the file must land in the same project
    QProcess p;
    p.start(test::cliPath(),
        {QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--project"), project,
            QStringLiteral("--batch"), QStringLiteral("100"), QStringLiteral("--workers"), QStringLiteral("1"),
            QStringLiteral("-")});
    QVERIFY(p.waitForStarted());
    // Whatever happens below, the child does not outlive the test.
    struct Reap {
        QProcess& p;
        ~Reap()
        {
            if (p.state() != QProcess::NotRunning) {
                p.kill();
                p.waitForFinished(10000);
            }
        }
    } reap {p};
    QCOMPARE(p.write(fed), fed.size()); // stdin is not closed: the import cannot finish
    auto stored = [&]() -> std::int64_t {
        auto ws = store::Workspace::open(db.toStdString(), store::Workspace::Mode::ReadOnly);
        if (!ws)
            return 0;
        try {
            sql::Statement st((*ws)->db(), "SELECT count(*) FROM events");
            st.step();
            return st.int64(0);
        } catch (const std::exception&) {
            return 0;
        }
    };
    // Batches of 100 are committed as they fill; 300 stored means several have.
    QTRY_VERIFY_WITH_TIMEOUT(stored() >= 300 || p.state() == QProcess::NotRunning, 60000);
    QVERIFY2(p.state() == QProcess::Running, p.readAllStandardError().constData()); // it waits for more input
    QCOMPARE(::kill(static_cast<pid_t>(p.processId()), SIGKILL), 0);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);

    std::int64_t before = 0;
    {
        auto ws = store::Workspace::open(db.toStdString());
        QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
        sql::Statement integrity((*ws)->db(), "PRAGMA integrity_check");
        QVERIFY(integrity.step());
        QCOMPARE(integrity.text(0), std::string("ok"));
        const auto problems = store::checkConsistency((*ws)->db());
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        sql::Statement st((*ws)->db(), "SELECT count(*) FROM events");
        st.step();
        before = st.int64(0);
    }
    QVERIFY2(before >= 300 && before <= kFed, qPrintable(QString::number(before)));

    const Run rest = cli({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--project"), project,
        QStringLiteral("--json"), file});
    QCOMPARE(rest.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(rest.out).object();
    QCOMPARE(o.value(QStringLiteral("duplicates")).toInt(), before);
    QCOMPARE(
        o.value(QStringLiteral("events")).toInt() + o.value(QStringLiteral("transactions")).toInt(), kEvents - before);
    QVERIFY(o.value(QStringLiteral("rejected")).toArray().isEmpty());
    auto ws = store::Workspace::open(db.toStdString());
    QVERIFY(ws.ok());
    sql::Statement integrity((*ws)->db(), "PRAGMA integrity_check");
    QVERIFY(integrity.step());
    QCOMPARE(integrity.text(0), std::string("ok"));
    sql::Statement count((*ws)->db(), "SELECT count(*) FROM events");
    QVERIFY(count.step());
    QCOMPARE(count.int64(0), std::int64_t(kEvents));
    const auto problems = store::checkConsistency((*ws)->db());
    QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
}

void TestCli::benchImportJson()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Run r
        = cli({QStringLiteral("bench"), QStringLiteral("import"), QStringLiteral("--events"), QStringLiteral("300"),
            QStringLiteral("--no-jq"), QStringLiteral("--json"), QStringLiteral("--keep"), dir.path()});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("records")).toInt(), 300);
    QVERIFY(o.value(QStringLiteral("import_events_per_second")).toDouble() > 0);
    QVERIFY(o.value(QStringLiteral("parse_events_per_second")).toDouble() > 0);
    QVERIFY(o.value(QStringLiteral("peak_rss_bytes")).toDouble() > 0);
    QVERIFY(o.value(QStringLiteral("speedup_over_jq")).isNull()); // --no-jq
    // Where the import's CPU went, per stage: each stage did work, and together
    // they used no more than the cores had in the import's wall time.
    const double writer = o.value(QStringLiteral("writer_cpu_seconds")).toDouble(-1);
    const double workers = o.value(QStringLiteral("worker_cpu_seconds")).toDouble(-1);
    const double reader = o.value(QStringLiteral("reader_cpu_seconds")).toDouble(-1);
#ifdef __linux__
    QVERIFY(writer > 0);
    QVERIFY(workers > 0);
    QVERIFY(reader >= 0);
    const double seconds = o.value(QStringLiteral("import_seconds")).toDouble();
    QVERIFY2(
        writer <= seconds * 1.05 + 0.05, qPrintable(QStringLiteral("writer %1 s in %2 s").arg(writer).arg(seconds)));
#else
    QVERIFY(writer >= 0 && workers >= 0 && reader >= 0);
#endif
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
