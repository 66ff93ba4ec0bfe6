// Schema migrations: a workspace written by an older Stackdeck opens with
// every row kept and every later table and index in place.

#include "regroup/regroupplan.h"
#include "store/issueactivity.h"
#include "store/schema.h"
#include "store/spanrows.h"
#include "store/workspace.h"
#include "storefixtures.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void migrationFromSchema1();
    void pageSizeOfNewAndOlderWorkspaces();
};

void TestSchema::migrationFromSchema1()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("old.db")).toStdString();
    {
        // A schema 1 workspace: the current schema with what migrations 1 -> 2
        // (issue_activity), 2 -> 3 (spans as one row per event), 3 -> 4
        // (search_stale) and 4 -> 5 (compressed span sets) changed undone.
        auto ws = store::Workspace::open(path);
        sql::Database& db = (*ws)->db();
        db.exec("DROP TABLE issue_activity; DROP TABLE event_spans; DROP TABLE search_stale;");
        // and 5 -> 6 (triage columns and tables)
        db.exec("DROP INDEX issues_ignore_until; DROP TABLE issue_labels; DROP TABLE notes; DROP TABLE note_search; "
                "DROP TABLE saved_searches; DROP TABLE releases; DROP TABLE triage_undo; DROP TABLE triage_undo_rows; "
                "DROP TABLE issue_merges;");
        // and 6 -> 7 (server accounts)
        db.exec("DROP TABLE server_accounts; DROP TABLE server_issues; DROP TABLE outbox; "
                "ALTER TABLE projects DROP COLUMN account_id;");
        // and 7 -> 8 (traces)
        db.exec("DROP TABLE traces;");
        // and 9 -> 10 (trace marks and search)
        db.exec("DROP TABLE trace_stale; DROP TABLE trace_search;");
        // and 10 -> 11 (payload dictionaries, kept envelope items)
        db.exec("DROP TABLE payload_dicts; DROP TABLE kept_items;");
        // and 12 -> 13 (integer keys for event and trace ids)
        test::undoRowKeys(db);
        for (const char* column : {"parent_span_id", "span_op", "span_status", "service"})
            db.exec(std::string("ALTER TABLE events DROP COLUMN ") + column);
        for (const char* column : {"resolution", "resolved_release", "status_changed_at", "status_mark", "ignore_until",
                 "ignore_events", "ignore_users", "ignore_base_events", "ignore_base_users", "priority", "seen"})
            db.exec(std::string("ALTER TABLE issues DROP COLUMN ") + column);
        db.exec("CREATE TABLE spans(event_rowid INTEGER NOT NULL, idx INTEGER NOT NULL, span_id TEXT, "
                "parent_span_id TEXT, op TEXT, description TEXT, status TEXT, start_us INTEGER, end_us INTEGER, "
                "exclusive_ms REAL, PRIMARY KEY(event_rowid, idx)) WITHOUT ROWID");
        db.exec("PRAGMA user_version = 1");
        db.exec("INSERT INTO projects(name, grouping_enhancements, created_at) VALUES('web', 'stack.function:x "
                "-group', 0)");
        db.exec("INSERT INTO issues(project_id, primary_hash, first_seen, last_seen) VALUES(1, 'abc', 1, 2)");
        // Written out of order on purpose: the migration keeps span order by idx.
        db.exec("INSERT INTO spans VALUES(7, 1, 'b2', 'a1', 'http', 'GET \"/\"', NULL, 15, 30, NULL)");
        db.exec("INSERT INTO spans VALUES(7, 0, 'a1', NULL, 'db', 'SELECT 1', 'ok', 10, 20, 2.5)");
        db.exec("INSERT INTO spans VALUES(9, 0, 'c3', NULL, 'ui', NULL, NULL, NULL, NULL, NULL)");
        QCOMPARE(store::schemaVersion(db), 1);
    }
    QVERIFY(store::Workspace::needsMigration(path));
    QVERIFY(!store::Workspace::needsMigration(dir.filePath(QStringLiteral("absent.db")).toStdString()));
    auto ws = store::Workspace::open(path);
    QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
    QVERIFY(!store::Workspace::needsMigration(path));
    sql::Database& db = (*ws)->db();
    QCOMPARE(store::schemaVersion(db), 14);
    QCOMPARE(store::latestSchemaVersion(), 14);

    // 1 -> 2
    QCOMPARE(regroup::loadProjectRules(db, "web")->enhancements, std::string("stack.function:x -group"));
    sql::Statement issues(db, "SELECT primary_hash FROM issues");
    QVERIFY(issues.step());
    QCOMPARE(issues.text(0), std::string("abc"));
    store::addActivity(db, {0, IssueId(1), "note", "hello", "me", 7, std::nullopt});
    const auto log = store::listActivity(db, IssueId(1));
    QCOMPARE(log.size(), std::size_t(1));
    QCOMPARE(log[0].createdAt, 7);
    sql::Statement index(db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'issue_activity_issue'");
    QVERIFY(index.step());

    // 2 -> 3
    sql::Statement spans(db, "SELECT event_rowid, count, spans FROM event_spans ORDER BY event_rowid");
    QVERIFY(spans.step());
    QCOMPARE(spans.int64(0), 7);
    QCOMPARE(spans.int64(1), 2);
    const auto rows = decodeSpanRows(spans.text(2));
    QVERIFY(rows);
    const std::vector<SpanRow> expected {SpanRow {"a1", "", "db", "SELECT 1", "ok", 10, 20, 2.5},
        SpanRow {"b2", "a1", "http", "GET \"/\"", "", 15, 30, std::nullopt}};
    QVERIFY(*rows == expected);
    QVERIFY(spans.step());
    QCOMPARE(spans.int64(0), 9);
    QCOMPARE(decodeSpanRows(spans.text(2))->front().op, std::string("ui"));
    QVERIFY(!spans.step());
    sql::Statement old(db, "SELECT 1 FROM sqlite_master WHERE name = 'spans'");
    QVERIFY(!old.step());

    // 3 -> 4
    sql::Statement stale(db, "SELECT count(*) FROM search_stale");
    QVERIFY(stale.step());
    QCOMPARE(stale.int64(0), 0);

    // 4 -> 5: the rows from before stay plain text, and read back as such
    sql::Statement packed(db, "SELECT codec, raw_size, spans FROM event_spans WHERE event_rowid = 7");
    QVERIFY(packed.step());
    QCOMPARE(packed.int64(0), 0);
    const auto kept = decodeSpanSet(
        static_cast<PayloadCodec>(packed.int64(0)), packed.text(2), static_cast<std::size_t>(packed.int64(1)));
    QVERIFY(kept);
    QVERIFY(*kept == expected);

    // 6 -> 7: server accounts, server issues and the outbox, empty; old projects belong to no account
    for (const char* table : {"server_accounts", "server_issues", "outbox"}) {
        sql::Statement count(db, std::string("SELECT count(*) FROM ") + table);
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), 0);
    }
    sql::Statement account(db, "SELECT account_id FROM projects WHERE name = 'web'");
    QVERIFY(account.step());
    QVERIFY(account.isNull(0));

    // 7 -> 8: an empty trace table, the trace columns of events
    sql::Statement traces(db, "SELECT count(*) FROM traces");
    QVERIFY(traces.step());
    QCOMPARE(traces.int64(0), 0);
    sql::Statement columns(db, "SELECT parent_span_id, span_op, span_status, service FROM events");
    QVERIFY(!columns.step());
}

// New workspaces have 8 KiB pages (why: configureConnection). A workspace
// created with 4 KiB pages keeps them and works as before: SQLite changes a
// WAL database's page size only in a VACUUM, which a large workspace should
// not get by surprise.
void TestSchema::pageSizeOfNewAndOlderWorkspaces()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string fresh = dir.filePath(QStringLiteral("new.stackdeck")).toStdString();
    {
        auto ws = store::Workspace::open(fresh);
        QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
        QCOMPARE((*ws)->db().cached("PRAGMA page_size").scalarInt(), 8192);
    }
    // An older workspace: written with SQLite's default pages, then opened here.
    const std::string older = dir.filePath(QStringLiteral("old.stackdeck")).toStdString();
    QVERIFY(test::createFileWithPageSize(older, 4096));
    for (int open = 0; open < 2; ++open) {
        auto ws = store::Workspace::open(older);
        QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
        sql::Database& db = (*ws)->db();
        QCOMPARE(db.cached("PRAGMA page_size").scalarInt(), 4096);
        QCOMPARE(store::schemaVersion(db), store::latestSchemaVersion());
        db.exec("INSERT INTO projects(name, created_at) VALUES('p" + std::to_string(open) + "', 0)");
        QCOMPARE(db.cached("SELECT count(*) FROM projects").scalarInt(), open + 1);
    }
}

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
