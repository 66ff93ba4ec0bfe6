// store/backgroundcheckpointer: while a bulk writer writes, the writer
// checkpoints itself once the WAL holds 128 MiB, whatever the workspace's page
// size (4 KiB in workspaces created before new ones got 8 KiB), so that the
// next transaction starts the WAL over instead of growing it.

#include "store/backgroundcheckpointer.h"
#include "store/workspace.h"
#include "storefixtures.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <string>

using namespace stackdeck;

class TestBackgroundCheckpointer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writerCheckpointsAtTheSameBytes_data();
    void writerCheckpointsAtTheSameBytes();
};

void TestBackgroundCheckpointer::writerCheckpointsAtTheSameBytes_data()
{
    QTest::addColumn<int>("pageSize");
    QTest::newRow("4 KiB pages (older workspaces)") << 4096;
    QTest::newRow("8 KiB pages (new workspaces)") << 8192;
}

void TestBackgroundCheckpointer::writerCheckpointsAtTheSameBytes()
{
    QFETCH(int, pageSize);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("w.stackdeck")).toStdString();
    QVERIFY(test::createFileWithPageSize(path, pageSize));
    auto ws = store::Workspace::open(path);
    QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
    sql::Database& db = (*ws)->db();
    QCOMPARE(db.cached("PRAGMA page_size").scalarInt(), pageSize);
    db.exec("CREATE TABLE filler(data BLOB)");

    // The background never runs here: only the writer's own checkpoint can
    // bring the WAL back. 20 commits of 8 MiB, 160 MiB in all: the WAL file
    // grows to the commit that passes 128 MiB, and the commit after the
    // checkpoint starts it over from its beginning.
    store::BackgroundCheckpointer checkpointer(db, std::chrono::hours(1));
    constexpr qint64 kMiB = 1 << 20;
    constexpr int kCommitBytes = 8 << 20;
    for (int i = 0; i < 20; ++i) {
        db.exec("BEGIN");
        db.cached("INSERT INTO filler(data) VALUES(randomblob(?1))").bind(1, kCommitBytes).run();
        db.exec("COMMIT");
    }
    const qint64 walBytes = QFileInfo(QString::fromStdString(path + "-wal")).size();
    QVERIFY2(walBytes >= 120 * kMiB, std::to_string(walBytes).c_str()); // not checkpointed before
    QVERIFY2(walBytes < 128 * kMiB + 2 * kCommitBytes, std::to_string(walBytes).c_str());
}

QTEST_GUILESS_MAIN(TestBackgroundCheckpointer)
#include "tst_backgroundcheckpointer.moc"
