// One session per open workspace: it validates the file once, hands out
// pooled read-only connections to any thread and the single writer, and takes
// the workspace's cross-process lock for a job that writes.

#include "store/workspacesession.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace stackdeck;
using store::WorkspaceSession;
using test::scalar;

class TestWorkspaceSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void opens_data();
    void opens();
    void readersArePooled();
    void readersSeeTheWritersCommits();
    void pooledReaderSeesLaterCommits();
    void readersServeWorkerThreads();
    void readOnlySessionHasNoWriter();
    void lockNamesTheJob();
    void leaseKeepsTheSessionAlive();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_path;
};

void TestWorkspaceSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("s.stackdeck")).toStdString();
}

void TestWorkspaceSession::opens_data()
{
    QTest::addColumn<bool>("create");
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<bool>("opens");
    QTest::newRow("new file for writing") << false << false << true;
    QTest::newRow("existing file for writing") << true << false << true;
    QTest::newRow("existing file for reading") << true << true << true;
    QTest::newRow("missing file for reading") << false << true << false;
}

void TestWorkspaceSession::opens()
{
    QFETCH(bool, create);
    QFETCH(bool, readOnly);
    QFETCH(bool, opens);
    if (create)
        QVERIFY(WorkspaceSession::open(m_path).ok());
    auto session = WorkspaceSession::open(
        m_path, readOnly ? WorkspaceSession::Mode::ReadOnly : WorkspaceSession::Mode::ReadWrite);
    QCOMPARE(session.ok(), opens);
    if (!opens)
        return;
    QCOMPARE((*session)->path(), m_path);
    auto reader = (*session)->reader();
    QVERIFY2(reader.ok(), reader ? "" : reader.error().message.c_str());
    QCOMPARE(scalar(reader->db(), "SELECT COUNT(*) FROM events"), 0);
}

void TestWorkspaceSession::readersArePooled()
{
    auto session = std::move(WorkspaceSession::open(m_path)).value();
    QCOMPARE(session->idleReaders(), std::size_t(0));
    {
        auto a = session->reader();
        auto b = session->reader();
        QVERIFY(a.ok() && b.ok());
        QVERIFY(&a->db() != &b->db()); // one connection per lease: each thread its own
    }
    QCOMPARE(session->idleReaders(), std::size_t(2));
    {
        auto c = session->reader();
        QCOMPARE(session->idleReaders(), std::size_t(1)); // reused, not reopened
    }
    std::vector<WorkspaceSession::Reader> many;
    for (std::size_t i = 0; i < WorkspaceSession::kMaxIdleReaders + 3; ++i)
        many.push_back(std::move(session->reader()).value());
    many.clear();
    QCOMPARE(session->idleReaders(), WorkspaceSession::kMaxIdleReaders);
}

void TestWorkspaceSession::readersSeeTheWritersCommits()
{
    auto session = std::move(WorkspaceSession::open(m_path)).value();
    auto reader = std::move(session->reader()).value();
    const std::string count = "SELECT COUNT(*) FROM meta WHERE key = 'session-test'";
    QCOMPARE(scalar(reader.db(), count), 0);
    {
        auto writer = session->writer();
        QVERIFY(writer.ok());
        writer->db().exec("INSERT INTO meta(key, value) VALUES ('session-test', '1')");
    }
    QCOMPARE(scalar(reader.db(), count), 1);
}

// A lease that ends with a cached statement mid-result (stepped to its first
// row, never reset) must not hand its read snapshot to the next lease.
void TestWorkspaceSession::pooledReaderSeesLaterCommits()
{
    auto session = std::move(WorkspaceSession::open(m_path)).value();
    {
        auto writer = session->writer();
        writer->db().exec("INSERT INTO meta(key, value) VALUES ('pool-a', '1'), ('pool-b', '2')");
    }
    {
        auto reader = std::move(session->reader()).value();
        auto& st = reader.db().cached("SELECT key FROM meta WHERE key LIKE 'pool-%' ORDER BY key");
        QVERIFY(st.step()); // left on its first row, as `if (st.step()) return ...` leaves it
    }
    QCOMPARE(session->idleReaders(), std::size_t(1));
    {
        auto writer = session->writer();
        writer->db().exec("INSERT INTO meta(key, value) VALUES ('pool-c', '3')");
    }
    auto again = std::move(session->reader()).value();
    QCOMPARE(scalar(again.db(), "SELECT COUNT(*) FROM meta WHERE key LIKE 'pool-%'"), 3);
}

void TestWorkspaceSession::readersServeWorkerThreads()
{
    auto session = std::move(WorkspaceSession::open(m_path)).value();
    std::atomic<int> ok {0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 20; ++i) {
                auto reader = session->reader();
                if (reader && scalar(reader->db(), "SELECT COUNT(*) FROM issues") == 0)
                    ++ok;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    QCOMPARE(ok.load(), 80);
    QVERIFY(session->idleReaders() <= WorkspaceSession::kMaxIdleReaders);
}

void TestWorkspaceSession::readOnlySessionHasNoWriter()
{
    QVERIFY(WorkspaceSession::open(m_path).ok());
    auto session = std::move(WorkspaceSession::open(m_path, WorkspaceSession::Mode::ReadOnly)).value();
    QVERIFY(!session->writer().ok());
    QVERIFY(!session->lock(store::WriterLock::Kind::Shared, "test").ok());
    QCOMPARE(session->idleReaders(), std::size_t(1)); // the validating connection is the first reader
}

void TestWorkspaceSession::lockNamesTheJob()
{
    auto session = std::move(WorkspaceSession::open(m_path)).value();
    auto shared = session->lock(store::WriterLock::Kind::Shared, "rule change");
    QVERIFY(shared.ok());
    QVERIFY(QString::fromStdString(store::WriterLock::holders(m_path)).contains(QStringLiteral("rule change")));
    auto exclusive = session->lock(store::WriterLock::Kind::Exclusive, "regroup");
    QVERIFY(!exclusive.ok()); // no wait function: fails at once, naming the holder
    QVERIFY(QString::fromStdString(exclusive.error().message).contains(QStringLiteral("rule change")));
}

void TestWorkspaceSession::leaseKeepsTheSessionAlive()
{
    std::weak_ptr<WorkspaceSession> weak;
    std::optional<WorkspaceSession::Reader> reader;
    {
        auto session = std::move(WorkspaceSession::open(m_path)).value();
        weak = session;
        reader.emplace(std::move(session->reader()).value());
    }
    QVERIFY(!weak.expired()); // a worker's lease outlives the view that moved on
    QCOMPARE(scalar(reader->db(), "SELECT COUNT(*) FROM events"), 0);
    reader.reset();
    QVERIFY(weak.expired());
}

QTEST_GUILESS_MAIN(TestWorkspaceSession)
#include "tst_workspacesession.moc"
