// One writer per workspace, across threads and processes: ordinary writers
// share it, a rebuild holds it alone, a second program queues behind the
// holder or fails naming it, a killed holder frees it, and a writer that
// another connection wrote behind refreshes its caches (PRAGMA data_version).

#include "store/eventwriter.h"
#include "store/workspace.h"
#include "store/writerlock.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace stackdeck;
using store::WriterLock;
using test::hexId;
using test::scalar;

namespace {

QString pidText()
{
    return QString::number(::getpid());
}

} // namespace

class TestWriterLock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void sharedWritersShare();
    void exclusiveFailsNamingTheHolder_data();
    void exclusiveFailsNamingTheHolder();
    void waiterGetsTheLockWhenTheHolderLeaves();
    void secondProgramFailsOrQueues();
    void killedHolderFreesTheWorkspace();
    void writerRefreshesCachesAfterAnotherConnectionCommitted();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_db;
};

void TestWriterLock::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("w.stackdeck")).toStdString();
    QVERIFY(store::Workspace::open(m_db).ok());
}

void TestWriterLock::sharedWritersShare()
{
    auto a = WriterLock::acquire(m_db, WriterLock::Kind::Shared, "import");
    auto b = WriterLock::acquire(m_db, WriterLock::Kind::Shared, "triage");
    QVERIFY(a.ok());
    QVERIFY(b.ok());
    const QString holders = QString::fromStdString(WriterLock::holders(m_db));
    QVERIFY2(holders.contains(QStringLiteral("the import of pid ") + pidText()), qPrintable(holders));
    QVERIFY2(holders.contains(QStringLiteral("the triage of pid ") + pidText()), qPrintable(holders));
}

void TestWriterLock::exclusiveFailsNamingTheHolder_data()
{
    QTest::addColumn<bool>("holderExclusive");
    QTest::addColumn<bool>("wantExclusive");
    QTest::addColumn<QString>("named");
    QTest::newRow("rebuild behind an import") << false << true << QStringLiteral("the import of pid ");
    QTest::newRow("import behind a rebuild") << true << false << QStringLiteral("the regroup of pid ");
    QTest::newRow("rebuild behind a rebuild") << true << true << QStringLiteral("the regroup of pid ");
}

void TestWriterLock::exclusiveFailsNamingTheHolder()
{
    QFETCH(bool, holderExclusive);
    QFETCH(bool, wantExclusive);
    QFETCH(QString, named);
    auto holder = WriterLock::acquire(m_db, holderExclusive ? WriterLock::Kind::Exclusive : WriterLock::Kind::Shared,
        holderExclusive ? "regroup" : "import");
    QVERIFY(holder.ok());
    auto second
        = WriterLock::acquire(m_db, wantExclusive ? WriterLock::Kind::Exclusive : WriterLock::Kind::Shared, "reindex");
    QVERIFY(!second.ok());
    const QString error = QString::fromStdString(second.error().message);
    QVERIFY2(error.contains(named + pidText()), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("is in use by")), qPrintable(error));
}

void TestWriterLock::waiterGetsTheLockWhenTheHolderLeaves()
{
    std::optional<Result<WriterLock>> holder = WriterLock::acquire(m_db, WriterLock::Kind::Shared, "import");
    QVERIFY(holder->ok());
    QStringList seen;
    auto rebuild = WriterLock::acquire(m_db, WriterLock::Kind::Exclusive, "reindex", [&](const std::string& who) {
        seen << QString::fromStdString(who);
        holder.reset(); // the import finishes while the reindex waits
        return true;
    });
    QVERIFY(rebuild.ok());
    QCOMPARE(seen.size(), 1);
    QVERIFY(seen.front().contains(QStringLiteral("the import of pid ")));
    // And a waiter that gives up fails.
    auto import
        = WriterLock::acquire(m_db, WriterLock::Kind::Shared, "import", [](const std::string&) { return false; });
    QVERIFY(!import.ok());
    QVERIFY(QString::fromStdString(import.error().message).contains(QStringLiteral("the reindex of pid ")));
}

void TestWriterLock::secondProgramFailsOrQueues()
{
    QTemporaryDir dir;
    const QString events = dir.filePath(QStringLiteral("e.ndjson"));
    QFile f(events);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"event_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","message":"hello"})"
            "\n");
    f.close();
    const QString db = QString::fromStdString(m_db);

    std::optional<Result<WriterLock>> rebuild = WriterLock::acquire(m_db, WriterLock::Kind::Exclusive, "regroup");
    QVERIFY(rebuild->ok());

    // --no-wait: fails at once, naming the holder.
    QProcess failing;
    failing.start(
        test::cliPath(), {QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--no-wait"), events});
    QVERIFY(failing.waitForFinished(60000));
    QCOMPARE(failing.exitCode(), 2);
    const QString failed = QString::fromUtf8(failing.readAllStandardError());
    QVERIFY2(failed.contains(QStringLiteral("in use by the regroup of pid ") + pidText()), qPrintable(failed));

    // Without it: waits, says for whom, and imports once the regroup is done.
    QProcess queued;
    queued.start(test::cliPath(), {QStringLiteral("import"), QStringLiteral("--db"), db, events});
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += queued.readAllStandardError()).contains("waiting for the regroup of pid"), 30000);
    QCOMPARE(queued.state(), QProcess::Running);
    rebuild.reset();
    QVERIFY(queued.waitForFinished(60000));
    QCOMPARE(queued.exitCode(), 0);
    auto ws = store::Workspace::open(m_db, store::Workspace::Mode::ReadOnly);
    QVERIFY(ws.ok());
    QCOMPARE(scalar((*ws)->db(), "SELECT count(*) FROM events"), std::int64_t(1));
}

void TestWriterLock::killedHolderFreesTheWorkspace()
{
    // An import reading a pipe that stays open holds the workspace until it is killed.
    QProcess holder;
    holder.start(test::cliPath(),
        {QStringLiteral("import"), QStringLiteral("--db"), QString::fromStdString(m_db), QStringLiteral("-")});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QString::fromStdString(WriterLock::holders(m_db))
                                 .contains(QStringLiteral("the import of pid %1 ").arg(holder.processId())),
        30000);
    QVERIFY(!WriterLock::acquire(m_db, WriterLock::Kind::Exclusive, "reindex").ok());
    ::kill(static_cast<pid_t>(holder.processId()), SIGKILL);
    QVERIFY(holder.waitForFinished(30000));
    auto rebuild = WriterLock::acquire(m_db, WriterLock::Kind::Exclusive, "reindex");
    QVERIFY2(rebuild.ok(), rebuild.ok() ? "" : rebuild.error().message.c_str());
    // The dead holder's line is gone from what others are told.
    const QString holders = QString::fromStdString(WriterLock::holders(m_db));
    QVERIFY2(!holders.contains(QStringLiteral("of pid %1 ").arg(holder.processId())), qPrintable(holders));
    QVERIFY2(
        holders.contains(QStringLiteral("the reindex of pid ") + pidText() + QLatin1Char(' ')), qPrintable(holders));
}

void TestWriterLock::writerRefreshesCachesAfterAnotherConnectionCommitted()
{
    auto one = store::Workspace::open(m_db);
    auto two = store::Workspace::open(m_db);
    QVERIFY(one.ok() && two.ok());
    store::EventWriter first((*one)->db());
    store::EventWriter second((*two)->db());
    auto write = [](store::EventWriter& w, int n) {
        PreparedBatch batch;
        PreparedEvent e = test::makePreparedEvent(hexId(n), "same-hash", 1'700'000'000'000'000LL);
        e.searchTexts = {{e.title, {}}, {{}, "body " + e.eventId}}; // a search row of its own per event
        batch.events.push_back(std::move(e));
        w.begin();
        w.write(batch);
        w.commit();
    };
    write(first, 1);
    QVERIFY(!first.othersCommitted());
    write(second, 2); // the same issue, a search row numbered after the first's
    write(first, 3); // with stale caches, the first would number its row as the second did
    QVERIFY(first.othersCommitted());
    sql::Database& db = (*one)->db();
    QCOMPARE(scalar(db, "SELECT count(*) FROM issues"), std::int64_t(1));
    QCOMPARE(scalar(db, "SELECT event_count FROM issues"), std::int64_t(3));
    QCOMPARE(scalar(db, "SELECT count(*) FROM search WHERE search MATCH 'body'"), std::int64_t(3));
}

QTEST_GUILESS_MAIN(TestWriterLock)
#include "tst_writerlock.moc"
