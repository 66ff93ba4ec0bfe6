// Integer keys for event and trace ids (store/rowkeys.h, schema 13): what an
// older workspace gets from the migration, and that a key is never trusted
// alone: two ids sharing a key (forced here, as no MD5 collision is at hand)
// stay two events and two traces to every lookup.

#include "store/consistency.h"
#include "store/eventqueries.h"
#include "store/eventwriter.h"
#include "store/rowkeys.h"
#include "store/schema.h"
#include "store/tracerows.h"
#include "store/workspace.h"
#include "storefixtures.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using test::hexId;
using test::scalar;

namespace {

constexpr Micros kBase = 1'700'000'000'000'000LL;

PreparedEvent makeEvent(int n, const std::string& traceId = {})
{
    PreparedEvent e = test::makePreparedEvent(hexId(n), "h" + std::to_string(n % 3), kBase + n * 1000);
    e.traceId = traceId;
    if (!traceId.empty())
        e.spanId = hexId(n).substr(0, 16);
    return e;
}

void write(sql::Database& db, std::vector<PreparedEvent> events)
{
    PreparedBatch b;
    b.events = std::move(events);
    store::EventWriter writer(db);
    writer.writeBatch(b);
}

std::string text(sql::Database& db, const std::string& query)
{
    sql::Statement st(db, query);
    return st.step() && !st.isNull(0) ? st.text(0) : std::string("NULL");
}

} // namespace

class TestRowKeys : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keysAreStableAndSeeded();
    void sqlFunctionMatchesAndIsDirectOnly_data();
    void sqlFunctionMatchesAndIsDirectOnly();
    void migrationFillsKeys();
    void collidingEventIdsStayApart();
    void collidingTraceIdsStayApart();
    void consistencyFindsWrongKeys();

private:
    std::unique_ptr<store::Workspace> open(const QString& name);
    QTemporaryDir m_dir;
};

std::unique_ptr<store::Workspace> TestRowKeys::open(const QString& name)
{
    auto ws = store::Workspace::open(m_dir.filePath(name).toStdString());
    if (!ws.ok())
        qFatal("%s", ws.error().message.c_str());
    return std::move(*ws);
}

void TestRowKeys::keysAreStableAndSeeded()
{
    const std::string seed(32, 'a');
    const std::string id = hexId(7);
    QCOMPARE(store::rowKey(seed, id), store::rowKey(seed, id));
    QVERIFY(store::rowKey(seed, id) >= 0);
    QVERIFY(store::rowKey(seed, id) != store::rowKey(seed, hexId(8)));
    QVERIFY(store::rowKey(seed, id) != store::rowKey(std::string(32, 'b'), id));
    // Keys are stored: the formula may never change (tests/crash/check.py computes it too).
    QCOMPARE(store::rowKey("0123456789abcdef0123456789abcdef", "9ee3344e22e8648151312e8983d1d372"),
        std::int64_t(4825650640684122076));
    QCOMPARE(store::rowKey("", "abc"), std::int64_t(1045863025191409954));
    // A seed that is not 32 hex digits counts as none.
    QCOMPARE(store::rowKey("not a seed", id), store::rowKey("", id));

    // Each workspace draws its own seed, and keeps it.
    auto a = open(QStringLiteral("seed-a.db"));
    auto b = open(QStringLiteral("seed-b.db"));
    const std::string seedA = store::rowKeySeed(a->db());
    QCOMPARE(seedA.size(), std::size_t(32));
    QVERIFY(seedA != store::rowKeySeed(b->db()));
    a.reset();
    QCOMPARE(store::rowKeySeed(open(QStringLiteral("seed-a.db"))->db()), seedA);
}

void TestRowKeys::sqlFunctionMatchesAndIsDirectOnly_data()
{
    QTest::addColumn<QString>("seed");
    QTest::newRow("the workspace's seed") << QString();
    QTest::newRow("a damaged seed") << QStringLiteral("zz'; DROP TABLE events; --");
    QTest::newRow("an empty seed") << QStringLiteral("");
}

void TestRowKeys::sqlFunctionMatchesAndIsDirectOnly()
{
    QFETCH(QString, seed);
    auto ws = open(QStringLiteral("sql-%1.db")
                       .arg(QLatin1String(QTest::currentDataTag()))
                       .replace(QLatin1Char(' '), QLatin1Char('_')));
    sql::Database& db = ws->db();
    if (!seed.isNull()) {
        db.cached("UPDATE meta SET value = ?1 WHERE key = 'row_key_seed'").bind(1, seed.toStdString()).run();
    }
    const std::string id = hexId(42);
    sql::Statement st(db, "SELECT stackdeck_key(?1, (SELECT value FROM meta WHERE key = 'row_key_seed'))");
    st.bind(1, id);
    QVERIFY(st.step());
    QCOMPARE(st.int64(0), store::rowKey(store::rowKeySeed(db), id));
    QVERIFY(scalar(db, "SELECT stackdeck_key(NULL, 'x') IS NULL") == 1);

    // A workspace's own views and triggers may not call it (it could be anyone's file).
    db.exec("CREATE VIEW keyed AS SELECT stackdeck_key('a', 'b') AS k");
    QVERIFY_THROWS_EXCEPTION(sql::SqliteError, db.exec("SELECT k FROM keyed"));
}

void TestRowKeys::migrationFillsKeys()
{
    const QString name = QStringLiteral("schema12.db");
    {
        // A schema 12 workspace: migration 12 -> 13 undone, events written as schema 12 wrote them.
        auto ws = open(name);
        sql::Database& db = ws->db();
        test::undoRowKeys(db);
        db.exec("PRAGMA user_version = 12");
        db.exec("INSERT INTO projects(name, created_at) VALUES('app', 0)");
        for (int n = 1; n <= 3; ++n) {
            db.cached("INSERT INTO events(project_id, event_id, type, level, timestamp, trace_id) "
                      "VALUES(1, ?1, 1, 4, ?2, ?3)")
                .bind(1, hexId(n))
                .bind(2, kBase + n)
                .bindOrNull(3, n == 3 ? std::string() : hexId(101))
                .run();
        }
    }
    QVERIFY(store::Workspace::needsMigration(m_dir.filePath(name).toStdString()));
    auto ws = open(name);
    sql::Database& db = ws->db();
    QCOMPARE(store::schemaVersion(db), 13);
    const std::string seed = store::rowKeySeed(db);
    QCOMPARE(seed.size(), std::size_t(32));
    sql::Statement rows(db, "SELECT event_id, event_key, trace_id, trace_key FROM events ORDER BY id");
    int seen = 0;
    while (rows.step()) {
        ++seen;
        QCOMPARE(rows.int64(1), store::rowKey(seed, rows.text(0)));
        if (rows.isNull(2))
            QVERIFY(rows.isNull(3));
        else
            QCOMPARE(rows.int64(3), store::rowKey(seed, rows.text(2)));
    }
    QCOMPARE(seen, 3);
    QCOMPARE(text(db,
                 "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' "
                 "AND tbl_name = 'events' ORDER BY name)"),
        std::string("events_issue_time events_key events_time events_trace_key"));

    // The lookups use the keys: the migrated rows are found, and a new import skips them.
    QCOMPARE(store::eventByEventId(db, hexId(2))->eventId, hexId(2));
    QCOMPARE(store::loadTraceEvents(db, hexId(101)).size(), std::size_t(2));
    PreparedBatch again;
    again.events = {makeEvent(2), makeEvent(4)};
    store::EventWriter writer(db);
    const store::BatchCounts counts = writer.writeBatch(again);
    QCOMPARE(counts.duplicates, std::int64_t(1));
    QCOMPARE(counts.inserted, std::int64_t(1));
    QCOMPARE(scalar(db, "SELECT count(*) FROM events"), 4);
}

// A collision is forced by moving a stored row under another id's key: the
// row is then found under that key, as a true collision would find it.
void TestRowKeys::collidingEventIdsStayApart()
{
    auto ws = open(QStringLiteral("event-collision.db"));
    sql::Database& db = ws->db();
    write(db, {makeEvent(2), makeEvent(1)});
    const auto moveUnder = [&db](const std::string& id, const std::string& keyOf) {
        db.cached("UPDATE events SET event_key = ?2 WHERE event_id = ?1")
            .bind(1, id)
            .bind(2, store::rowKey(db, keyOf))
            .run();
    };
    // Event 2 (the older row) under event 1's key: looking up 1 must not answer 2.
    moveUnder(hexId(2), hexId(1));
    QCOMPARE(store::eventByEventId(db, hexId(1))->eventId, hexId(1));
    // Event 1 again is a duplicate, found among the rows of its key.
    write(db, {makeEvent(1)});
    QCOMPARE(scalar(db, "SELECT count(*) FROM events"), 2);

    // A new event whose key a stored row holds is still new: nothing is lost to a collision.
    moveUnder(hexId(1), hexId(3));
    write(db, {makeEvent(3), makeEvent(3)});
    QCOMPARE(scalar(db, "SELECT count(*) FROM events"), 3);
    QCOMPARE(store::eventByEventId(db, hexId(3))->eventId, hexId(3));
    QVERIFY(!store::eventByEventId(db, hexId(4)));
}

void TestRowKeys::collidingTraceIdsStayApart()
{
    auto ws = open(QStringLiteral("trace-collision.db"));
    sql::Database& db = ws->db();
    const std::string traceA = hexId(500);
    const std::string traceB = hexId(501);
    write(db,
        {makeEvent(1, traceA), makeEvent(2, traceB), makeEvent(3, traceA), makeEvent(4, traceB), makeEvent(5, traceA)});
    // Trace B's events under trace A's key.
    db.cached("UPDATE events SET trace_key = ?1 WHERE trace_id = ?2")
        .bind(1, store::rowKey(db, traceA))
        .bind(2, traceB)
        .run();

    const auto a = store::loadTraceEvents(db, traceA);
    QCOMPARE(a.size(), std::size_t(3));
    for (const auto& e : a)
        QCOMPARE(e.traceId, traceA);

    // The rebuild walks the traces in key order: one key, two traces, neither split nor merged.
    store::rebuildTraces(db);
    QCOMPARE(text(db,
                 "SELECT group_concat(trace_id || ':' || event_count, ' ') FROM (SELECT * FROM traces ORDER BY "
                 "trace_id)"),
        traceA + ":3 " + traceB + ":2");
}

// A row whose key is not its id's is found, with or without the seed row
// (a missing seed counts as empty, for the writer and the check alike).
void TestRowKeys::consistencyFindsWrongKeys()
{
    auto ws = open(QStringLiteral("consistency.db"));
    sql::Database& db = ws->db();
    write(db, {makeEvent(1, hexId(600)), makeEvent(2)});
    QVERIFY(store::checkConsistency(db).empty());
    db.exec("UPDATE events SET trace_key = trace_key + 1 WHERE trace_key IS NOT NULL");
    QCOMPARE(store::checkConsistency(db).size(), std::size_t(1));
    db.exec("DELETE FROM meta WHERE key = 'row_key_seed'");
    QCOMPARE(store::checkConsistency(db).size(), std::size_t(2)); // both rows' keys were the seed's
}

QTEST_GUILESS_MAIN(TestRowKeys)
#include "tst_rowkeys.moc"
