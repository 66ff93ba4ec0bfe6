#pragma once

// Small helpers the store-level tests share: one value from a query, a file's
// permission bits, an older schema or page size, and a prepared event with the
// fields the writer uses.

#include "model/timestamp.h"
#include "store/preparedevent.h"
#include "store/sqlite.h"

#include <QFile>
#include <QString>

#include <cstdio>
#include <sqlite3.h>
#include <string>
#include <sys/stat.h>

namespace stackdeck::test {

// The first column of the first row of `query`.
inline std::int64_t scalar(sql::Database& db, const std::string& query)
{
    sql::Statement st(db, query);
    st.step();
    return st.int64(0);
}

// Undoes migration 13 -> 14 (the key tables), for tests that build an older
// workspace from a current one.
inline void undoRowKeyTables(sql::Database& db)
{
    db.exec("DROP TABLE row_keys; DROP TABLE row_keys_new; CREATE INDEX events_key ON events(event_key); "
            "CREATE INDEX events_trace_key ON events(trace_key) WHERE trace_key IS NOT NULL");
}

// Undoes migrations 12 -> 14 (integer keys for event and trace ids), for
// tests that build an older workspace from a current one.
inline void undoRowKeys(sql::Database& db)
{
    undoRowKeyTables(db);
    db.exec("DROP INDEX events_key; DROP INDEX events_trace_key; ALTER TABLE events DROP COLUMN event_key; "
            "ALTER TABLE events DROP COLUMN trace_key; DELETE FROM meta WHERE key = 'row_key_seed'; "
            "CREATE UNIQUE INDEX events_identity ON events(project_id, event_id); "
            "CREATE INDEX events_trace ON events(trace_id) WHERE trace_id IS NOT NULL");
}

// A database file in WAL mode whose pages are `pageSize` bytes, as SQLite
// made a workspace before Stackdeck asked for 8 KiB (4096), for
// Workspace::open to take over. False when SQLite refused.
inline bool createFileWithPageSize(const std::string& path, int pageSize)
{
    sqlite3* db = nullptr;
    const std::string sql = "PRAGMA page_size=" + std::to_string(pageSize)
        + "; PRAGMA journal_mode=WAL; CREATE TABLE probe(x); DROP TABLE probe;";
    const bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK
        && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

// A file's permission bits (0600), or -1 when it does not exist.
inline int modeOf(const QString& path)
{
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return static_cast<int>(st.st_mode & 07777);
}

// 32 hex digits for event n.
inline std::string hexId(int n)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%032x", n);
    return buf;
}

// An error event of project "app" with one grouping hash, tags and search texts.
inline PreparedEvent makePreparedEvent(
    const std::string& id, const std::string& hash, Micros ts, const std::string& user = {})
{
    PreparedEvent e;
    e.project = "app";
    e.eventId = id;
    e.type = EventType::Error;
    e.level = Level::Error;
    e.platform = "python";
    e.timestamp = ts;
    e.title = "ValueError: " + id;
    e.culprit = "app.calc in divide";
    e.issueType = "error";
    e.release = "1.0";
    e.environment = "production";
    e.userKey = user;
    e.hashes = {hash};
    e.tags = {{"level", "error"}, {"browser", id.back() % 2 == 0 ? "Chrome" : "Firefox"}};
    e.searchTexts = {{e.title, {}}, {{}, "divide calc"}};
    e.payload = "{\"event_id\":\"" + id + "\"}";
    e.rawSize = e.payload.size();
    return e;
}

} // namespace stackdeck::test
