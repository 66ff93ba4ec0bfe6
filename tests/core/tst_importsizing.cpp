// store/importsizing: an import's writer sizes its page cache and its commits
// to the workspace it writes into, so the random-key trees it dirties keep
// fitting in memory as the workspace grows (issue #20).

#include "store/importsizing.h"
#include "store/workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestImportSizing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sizedByStoredEvents_data();
    void sizedByStoredEvents();
};

void TestImportSizing::sizedByStoredEvents_data()
{
    QTest::addColumn<qint64>("highestRow"); // 0: no event stored
    QTest::addColumn<qint64>("cacheBytes");
    QTest::addColumn<double>("commitScale");
    QTest::addColumn<double>("commitSeconds");
    constexpr qint64 kMiB = 1 << 20;
    QTest::newRow("empty") << qint64(0) << 64 * kMiB << 1.0 << 1.0;
    QTest::newRow("50k: the default") << qint64(50'000) << 64 * kMiB << 1.0 << 1.0;
    QTest::newRow("150k") << qint64(150'000) << qint64(150'000) * 640 << 1.5 << 1.5;
    QTest::newRow("300k: age capped") << qint64(300'000) << qint64(300'000) * 640 << 3.0 << 2.5;
    QTest::newRow("1M: both capped") << qint64(1'000'000) << 384 * kMiB << 5.0 << 2.5;
}

void TestImportSizing::sizedByStoredEvents()
{
    QFETCH(qint64, highestRow);
    QFETCH(qint64, cacheBytes);
    QFETCH(double, commitScale);
    QFETCH(double, commitSeconds);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = store::Workspace::open(dir.filePath(QStringLiteral("w.stackdeck")).toStdString());
    QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
    sql::Database& db = (*ws)->db();
    if (highestRow > 0) {
        // A workspace whose newest event has this row id: the sizing reads only that.
        sql::Statement insert(db,
            "INSERT INTO events(id, project_id, event_id, type, level, timestamp) "
            "VALUES(?1, 1, '0123456789abcdef0123456789abcdef', 0, 0, 0)");
        insert.bind(1, static_cast<std::int64_t>(highestRow)).run();
    }
    const store::ImportSizing sizing = store::sizeImportWriter(db);
    QCOMPARE(sizing.storedEvents, static_cast<std::int64_t>(highestRow));
    QCOMPARE(sizing.cacheBytes, static_cast<std::int64_t>(cacheBytes));
    QCOMPARE(sizing.commitScale, commitScale);
    QCOMPARE(sizing.commitSeconds, commitSeconds);
    sql::Statement pragma(db, "PRAGMA cache_size");
    QVERIFY(pragma.step());
    QCOMPARE(pragma.int64(0), -static_cast<std::int64_t>(cacheBytes / 1024)); // negative: KiB
}

QTEST_GUILESS_MAIN(TestImportSizing)
#include "tst_importsizing.moc"
