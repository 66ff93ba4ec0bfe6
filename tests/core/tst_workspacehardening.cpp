// A workspace is private (0700 folders, 0600 files, -wal and -shm included)
// and untrusted input (a case file from someone else): every connection is
// defensive, and no size stored in it is allocated before it is checked.

#include "model/ids.h"
#include "store/defaultworkspace.h"
#include "store/eventqueries.h"
#include "store/spanrows.h"
#include "store/sqlite.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "util/payloadcodec.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/stat.h>

using namespace stackdeck;
using test::modeOf;

namespace {

// Sets the process umask for one scope (the usual 022, or a careless 0).
class Umask {
public:
    explicit Umask(mode_t mask)
        : m_old(::umask(mask))
    {
    }
    ~Umask() { ::umask(m_old); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t m_old;
};

std::string lz4Of(const std::string& text)
{
    return lz4Compress(text);
}

} // namespace

class TestWorkspaceHardening : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void newWorkspaceFilesAreOwnerOnly_data()
    {
        QTest::addColumn<int>("umask");
        QTest::newRow("usual umask 022") << 022;
        QTest::newRow("no umask") << 0;
    }
    void newWorkspaceFilesAreOwnerOnly()
    {
        QFETCH(int, umask);
        const Umask scope(static_cast<mode_t>(umask));
        const QString folder = m_dir.filePath(QStringLiteral("u%1/a/b").arg(umask, 3, 8, QLatin1Char('0')));
        QVERIFY(store::makePrivateFolder(folder));
        QCOMPARE(modeOf(folder), 0700);
        QCOMPARE(modeOf(QFileInfo(folder).absolutePath()), 0700);
        const QString path = QDir(folder).filePath(QStringLiteral("w.stackdeck"));
        auto ws = store::Workspace::open(path.toStdString());
        QVERIFY2(ws.ok(), ws ? "" : ws.error().message.c_str());
        (*ws)->db().exec("CREATE TABLE probe(x); INSERT INTO probe VALUES (1)");
        QCOMPARE(modeOf(path), 0600);
        QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
        QCOMPARE(modeOf(path + QStringLiteral("-wal")), 0600);
        QCOMPARE(modeOf(path + QStringLiteral("-shm")), 0600);
    }

    void existingFoldersKeepTheirMode()
    {
        const QString folder = m_dir.filePath(QStringLiteral("shared"));
        QVERIFY(QDir().mkdir(folder));
        QVERIFY(QFile::setPermissions(folder,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                | QFileDevice::ExeGroup));
        QVERIFY(store::makePrivateFolder(folder));
        QCOMPARE(modeOf(folder), 0750);
    }

    void everyConnectionIsDefensive_data()
    {
        QTest::addColumn<bool>("readOnly");
        QTest::newRow("read-write") << false;
        QTest::newRow("read-only") << true;
    }
    void everyConnectionIsDefensive()
    {
        QFETCH(bool, readOnly);
        const QString path = m_dir.filePath(QStringLiteral("defensive.stackdeck"));
        QVERIFY(store::Workspace::open(path.toStdString()).ok());
        auto ws = store::Workspace::open(
            path.toStdString(), readOnly ? store::Workspace::Mode::ReadOnly : store::Workspace::Mode::ReadWrite);
        QVERIFY(ws.ok());
        sql::Database& db = (*ws)->db();
        int defensive = -1;
        QCOMPARE(sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive), SQLITE_OK);
        QCOMPARE(defensive, 1);
        int trusted = -1;
        QCOMPARE(sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted), SQLITE_OK);
        QCOMPARE(trusted, 0);
        sql::Statement pragma(db, "PRAGMA trusted_schema");
        QVERIFY(pragma.step());
        QCOMPARE(pragma.int64(0), std::int64_t {0});
        if (!readOnly) {
            // The schema cannot be rewritten through SQL, the way a crafted file would try.
            db.exec("PRAGMA writable_schema=ON");
            QVERIFY_THROWS_EXCEPTION(
                sql::SqliteError, db.exec("UPDATE sqlite_schema SET sql = 'CREATE TABLE x(y)' WHERE name = 'events'"));
        }
    }

    void storedSizesAreCheckedBeforeAllocating_data()
    {
        QTest::addColumn<int>("codec");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<qint64>("rawSize");
        QTest::addColumn<bool>("ok");
        const std::string text(5000, 'a');
        const QByteArray lz4 = QByteArray::fromStdString(lz4Of(text));
        const QByteArray zstd = QByteArray::fromStdString(zstdCompress(text, 3));
        QTest::newRow("lz4 as written") << int(PayloadCodec::Lz4) << lz4 << qint64(text.size()) << true;
        QTest::newRow("zstd as written") << int(PayloadCodec::Zstd) << zstd << qint64(text.size()) << true;
        QTest::newRow("lz4 claiming 1 TiB") << int(PayloadCodec::Lz4) << lz4 << (qint64(1) << 40) << false;
        QTest::newRow("lz4 claiming 2^63")
            << int(PayloadCodec::Lz4) << lz4 << std::numeric_limits<qint64>::max() << false;
        QTest::newRow("lz4 beyond 255:1")
            << int(PayloadCodec::Lz4) << QByteArray(10, 'x') << qint64(255 * 10 + 17) << false;
        QTest::newRow("lz4 over the record cap")
            << int(PayloadCodec::Lz4) << QByteArray(1 << 20, 'x') << qint64((64 << 20) + 1) << false;
        QTest::newRow("zstd claiming more than its frame says")
            << int(PayloadCodec::Zstd) << zstd << qint64(60 << 20) << false;
        QTest::newRow("zstd claiming 1 TiB") << int(PayloadCodec::Zstd) << zstd << (qint64(1) << 40) << false;
        QTest::newRow("zstd garbage") << int(PayloadCodec::Zstd) << QByteArray(100, 'x') << qint64(1000) << false;
        QTest::newRow("unknown codec") << 7 << lz4 << qint64(text.size()) << false;
    }
    void storedSizesAreCheckedBeforeAllocating()
    {
        QFETCH(int, codec);
        QFETCH(QByteArray, data);
        QFETCH(qint64, rawSize);
        QFETCH(bool, ok);
        const auto decoded = decodePayload(static_cast<PayloadCodec>(codec),
            std::string_view(data.constData(), static_cast<std::size_t>(data.size())),
            static_cast<std::size_t>(rawSize));
        QCOMPARE(decoded.ok(), ok);
        if (ok)
            QCOMPARE(decoded->size(), static_cast<std::size_t>(rawSize));
        const auto spans = decodeSpanSet(static_cast<PayloadCodec>(codec),
            std::string_view(data.constData(), static_cast<std::size_t>(data.size())),
            static_cast<std::size_t>(rawSize));
        if (!ok)
            QVERIFY(!spans);
    }

    // The same through the store: a crafted raw_size is an error for that event, not an abort.
    void aCraftedWorkspaceSizeIsAnError()
    {
        const QString path = m_dir.filePath(QStringLiteral("crafted.stackdeck"));
        auto ws = store::Workspace::open(path.toStdString());
        QVERIFY(ws.ok());
        sql::Database& db = (*ws)->db();
        const std::string packed = lz4Of(std::string(5000, '{'));
        sql::Statement insert(
            db, "INSERT INTO event_payloads(event_rowid, codec, raw_size, data) VALUES (?1, ?2, ?3, ?4)");
        insert.bind(1, std::int64_t {1})
            .bind(2, int(PayloadCodec::Lz4))
            .bind(3, std::int64_t {1} << 62)
            .bindBlob(4, packed);
        insert.run();
        const auto payload = store::loadPayload(db, EventRowId(1));
        QVERIFY(!payload.ok());
        QVERIFY(payload.error().message.find("damaged") != std::string::npos);
    }
};

QTEST_MAIN(TestWorkspaceHardening)
#include "tst_workspacehardening.moc"
