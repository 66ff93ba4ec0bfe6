// Integer keys for event and trace ids (store/rowkeys.h, schemas 13 and 14):
// what an older workspace gets from the migrations, that a key is never
// trusted alone (two ids sharing a key, forced here as no MD5 collision is at
// hand, stay two events and two traces to every lookup), and that the new keys
// move into the large key table in bulk without a lookup missing them.

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

// Gives the rows whose `idColumn` is `id` another key of `kind`, in the row
// and in the key tables alike, as a true collision would have it.
void rekey(sql::Database& db, store::RowKeyKind kind, const std::string& id, std::int64_t key)
{
    const bool event = kind == store::RowKeyKind::Event;
    const std::string rows = std::string("SELECT id FROM events WHERE ") + (event ? "event_id" : "trace_id") + " = ?1";
    for (const char* table : {"row_keys", "row_keys_new"}) {
        db.cached(std::string("UPDATE ") + table + " SET key = ?2 WHERE kind = ?3 AND event_rowid IN (" + rows + ")")
            .bind(1, id)
            .bind(2, key)
            .bind(3, static_cast<int>(kind))
            .run();
    }
    db.cached(
          std::string("UPDATE events SET ") + (event ? "event_key" : "trace_key") + " = ?2 WHERE id IN (" + rows + ")")
        .bind(1, id)
        .bind(2, key)
        .run();
}

// The problems checkConsistency reports under `what`.
std::size_t problems(sql::Database& db, const std::string& what)
{
    std::size_t n = 0;
    for (const std::string& line : store::checkConsistency(db))
        n += line.rfind(what + ":", 0) == 0 ? 1 : 0;
    return n;
}

void moveKeys(sql::Database& db)
{
    sql::Transaction tx(db);
    store::moveNewRowKeys(db);
    tx.commit();
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
    void newKeysMoveInBulk();
    void writerMovesKeysPastItsThreshold();
    void consistencyFindsBrokenKeyRows();

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
    QCOMPARE(store::schemaVersion(db), store::latestSchemaVersion());
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
        std::string("events_issue_time events_time"));
    // Schema 14: the keys are in the large key table, in key order.
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys WHERE kind = 0"), 3);
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys WHERE kind = 1"), 2);
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 0);
    for (const char* what : {"event's key missing from the key tables", "key row of no event, or not its key",
             "key row in both key tables", "event row's key differs from its event or trace id"})
        QCOMPARE(problems(db, what), std::size_t(0));

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
        rekey(db, store::RowKeyKind::Event, id, store::rowKey(db, keyOf));
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
    // The same once the keys moved into the large table: two rows under
    // event 3's key, and only event 3 answers for it.
    moveKeys(db);
    write(db, {makeEvent(3)});
    QCOMPARE(scalar(db, "SELECT count(*) FROM events"), 3);
    QCOMPARE(scalar(db,
                 "SELECT count(*) FROM row_keys WHERE kind = 0 AND key = (SELECT event_key FROM events "
                 "WHERE event_id = '"
                     + hexId(3) + "')"),
        2);
    QCOMPARE(store::eventByEventId(db, hexId(3))->eventId, hexId(3));
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
    rekey(db, store::RowKeyKind::Trace, traceB, store::rowKey(db, traceA));

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
    const std::string differs = "event row's key differs from its event or trace id";
    db.exec("UPDATE events SET trace_key = trace_key + 1 WHERE trace_key IS NOT NULL");
    QCOMPARE(problems(db, differs), std::size_t(1));
    db.exec("DELETE FROM meta WHERE key = 'row_key_seed'");
    QCOMPARE(problems(db, differs), std::size_t(2)); // both rows' keys were the seed's
}

void TestRowKeys::newKeysMoveInBulk()
{
    auto ws = open(QStringLiteral("move.db"));
    sql::Database& db = ws->db();
    const std::string trace = hexId(700);
    write(db, {makeEvent(1, trace), makeEvent(2), makeEvent(3, trace)});
    // Written: in the small table only.
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 5);
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys"), 0);
    QCOMPARE(store::newRowKeyCount(db), std::int64_t(5));
    QCOMPARE(store::eventByEventId(db, hexId(2))->eventId, hexId(2));
    QCOMPARE(store::loadTraceEvents(db, trace).size(), std::size_t(2));

    moveKeys(db);
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 0);
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys"), 5);
    // Then some in each table: every lookup sees both.
    write(db, {makeEvent(4, trace), makeEvent(5)});
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 3);
    for (int n = 1; n <= 5; ++n)
        QCOMPARE(store::eventByEventId(db, hexId(n))->eventId, hexId(n));
    QCOMPARE(store::loadTraceEvents(db, trace).size(), std::size_t(3));
    store::EventListRequest request;
    request.traceId = trace;
    request.limit = 10;
    QCOMPARE(store::listEvents(db, request).size(), std::size_t(3));
    // A re-import finds the events of both tables.
    PreparedBatch again;
    again.events = {makeEvent(1, trace), makeEvent(4, trace), makeEvent(6)};
    store::EventWriter writer(db);
    const store::BatchCounts counts = writer.writeBatch(again);
    QCOMPARE(counts.duplicates, std::int64_t(2));
    QCOMPARE(counts.inserted, std::int64_t(1));
    QVERIFY(store::checkConsistency(db).empty());

    // The trace rebuild moves the new keys first, and walks them all.
    {
        sql::Transaction tx(db);
        store::rebuildTraces(db);
        tx.commit();
    }
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 0);
    QCOMPARE(scalar(db, "SELECT event_count FROM traces"), 3);
    QVERIFY(store::checkConsistency(db).empty());
}

// The writer moves the new keys in the transaction that takes them past its
// threshold, and counts those another writer added.
void TestRowKeys::writerMovesKeysPastItsThreshold()
{
    auto ws = open(QStringLiteral("threshold.db"));
    sql::Database& db = ws->db();
    write(db, {makeEvent(1), makeEvent(2)}); // by another writer: 2 new keys
    store::EventWriter writer(db);
    writer.moveRowKeysAt(5);
    PreparedBatch first;
    first.events = {makeEvent(3), makeEvent(4)};
    writer.writeBatch(first); // 4 new keys: not yet
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 4);
    PreparedBatch second;
    second.events = {makeEvent(5, hexId(800))};
    writer.writeBatch(second); // 6: all moved
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 0);
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys"), 6);
    PreparedBatch third;
    third.events = {makeEvent(6)};
    writer.writeBatch(third); // counted from zero again
    QCOMPARE(scalar(db, "SELECT count(*) FROM row_keys_new"), 1);
    QVERIFY(store::checkConsistency(db).empty());
}

void TestRowKeys::consistencyFindsBrokenKeyRows()
{
    auto ws = open(QStringLiteral("broken-keys.db"));
    sql::Database& db = ws->db();
    write(db, {makeEvent(1, hexId(900)), makeEvent(2)});
    moveKeys(db);
    write(db, {makeEvent(3)});
    QVERIFY(store::checkConsistency(db).empty());

    // A row's key gone from both tables.
    db.exec("DELETE FROM row_keys WHERE kind = 1");
    QCOMPARE(problems(db, "event's key missing from the key tables"), std::size_t(1));
    db.exec("INSERT INTO row_keys SELECT 1, trace_key, id FROM events WHERE trace_key IS NOT NULL");
    QVERIFY(store::checkConsistency(db).empty());
    // A key row of no event, and one under a wrong key.
    db.exec("INSERT INTO row_keys_new VALUES(0, 12345, 999)");
    db.exec("UPDATE row_keys SET key = key + 1 WHERE kind = 0 AND event_rowid = 1");
    QCOMPARE(problems(db, "key row of no event, or not its key"), std::size_t(2));
    db.exec("DELETE FROM row_keys_new WHERE event_rowid = 999");
    db.exec("UPDATE row_keys SET key = key - 1 WHERE kind = 0 AND event_rowid = 1");
    QVERIFY(store::checkConsistency(db).empty());
    // A key in both tables.
    db.exec("INSERT INTO row_keys_new SELECT * FROM row_keys WHERE kind = 0 AND event_rowid = 2");
    QCOMPARE(problems(db, "key row in both key tables"), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestRowKeys)
#include "tst_rowkeys.moc"
