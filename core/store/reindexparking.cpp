#include "reindexparking.h"

#include "derivedtables.h"
#include "issuecolumns.h"
#include "reindexlegacyparking.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::store {

namespace {

std::int64_t scalar(sql::Database& db, std::string_view query)
{
    sql::Statement st(db, query);
    return st.step() ? st.int64(0) : 0;
}

bool tableExists(sql::Database& db, std::string_view table)
{
    sql::Statement st(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    st.bind(1, table);
    return st.step();
}

std::int64_t restoreIssueColumns(sql::Database& db)
{
    std::string set, differs;
    for (const std::string& column : sharedColumns(db, "issues", "reindex_parked_issues")) {
        if (isDerivedIssueColumn(column))
            continue;
        const std::string c = quotedIdentifier(column);
        const std::string value = isServerIdentityColumn(column) ? "coalesce(issues." + c + ", p." + c + ")" : "p." + c;
        set += (set.empty() ? "" : ", ") + c + " = " + value;
        differs += (differs.empty() ? "" : " OR ") + ("issues." + c) + " IS NOT " + value;
    }
    if (set.empty())
        return 0;
    db.exec("UPDATE issues SET " + set + " FROM reindex_parked_issues p WHERE p.id = issues.id AND (" + differs + ")");
    return db.changes();
}

void restoreActivity(sql::Database& db)
{
    // An entry added while the reindex was interrupted may hold a parked
    // entry's id: the parked one moves above every id in use.
    const std::int64_t offset = std::max(scalar(db, "SELECT coalesce(max(id), 0) FROM issue_activity"),
        scalar(db, "SELECT coalesce(max(id), 0) FROM reindex_parked_activity"));
    sql::Statement move(
        db, "UPDATE reindex_parked_activity SET id = id + ?1 WHERE id IN (SELECT id FROM issue_activity)");
    move.bind(1, offset).run();
    std::string columns;
    for (const std::string& column : sharedColumns(db, "issue_activity", "reindex_parked_activity"))
        columns += (columns.empty() ? "" : ", ") + quotedIdentifier(column);
    db.exec(
        "INSERT INTO issue_activity(" + columns + ") SELECT " + columns + " FROM reindex_parked_activity ORDER BY id");
}

void dropParked(sql::Database& db)
{
    db.exec("DROP TABLE IF EXISTS reindex_parked_issues; DROP TABLE IF EXISTS reindex_parked_hashes; "
            "DROP TABLE IF EXISTS reindex_parked_activity");
}

} // namespace

bool reindexInterrupted(sql::Database& db)
{
    auto& st = db.cached("SELECT 1 FROM meta WHERE key = 'reindex_in_progress'");
    const bool found = st.step();
    st.reset();
    return found;
}

std::int64_t issueIdHighWater(sql::Database& db)
{
    return scalar(
        db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'issue_id_high_water'), 0)");
}

void raiseIssueIdHighWater(sql::Database& db, std::int64_t id)
{
    auto& st = db.cached("INSERT INTO meta(key, value) VALUES('issue_id_high_water', ?1) ON CONFLICT(key) DO UPDATE "
                         "SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER)");
    st.bind(1, std::to_string(id)).run();
}

void parkForReindex(sql::Database& db)
{
    if (!reindexInterrupted(db)) {
        raiseIssueIdHighWater(db, scalar(db, "SELECT coalesce(max(id), 0) FROM issues"));
        dropParked(db);
        db.exec("CREATE TABLE reindex_parked_issues AS SELECT * FROM issues; "
                "CREATE INDEX reindex_parked_issues_id ON reindex_parked_issues(id); "
                "CREATE TABLE reindex_parked_hashes AS SELECT * FROM issue_hashes; "
                "CREATE INDEX reindex_parked_hashes_key ON reindex_parked_hashes(project_id, hash); "
                "CREATE TABLE reindex_parked_activity AS SELECT * FROM issue_activity; "
                "DELETE FROM issue_activity");
        db.exec("INSERT OR REPLACE INTO meta(key, value) VALUES('reindex_in_progress', '1')");
    } else if (!tableExists(db, kReindexParkedHashes)) {
        // Interrupted by an earlier build, which parked its state in meta
        // (restoreLegacyParkedState): no ids to keep.
        db.exec("CREATE TABLE reindex_parked_hashes(project_id INTEGER, hash TEXT, issue_id INTEGER); "
                "CREATE INDEX reindex_parked_hashes_key ON reindex_parked_hashes(project_id, hash)");
    }
    clearDerivedTables(db, DerivedScope::Everything);
}

std::int64_t restoreAfterReindex(sql::Database& db)
{
    std::int64_t restored = 0;
    if (tableExists(db, "reindex_parked_issues")) {
        restored = restoreIssueColumns(db);
        restoreActivity(db);
    } else {
        restored = restoreLegacyParkedState(db);
    }
    dropParked(db);
    db.exec("DELETE FROM meta WHERE key LIKE 'reindex_triage:%' OR key LIKE 'reindex_activity:%' OR key LIKE "
            "'reindex_parked:%' OR key = 'reindex_in_progress'");
    return restored;
}

} // namespace stackdeck::store
