#include "reindexparking.h"

#include "derivedtables.h"
#include "reindexlegacyparking.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::store {

namespace {

// The columns of `issues` a rebuild derives from the events; every other
// column is carried over from the parked copy.
constexpr std::array<std::string_view, 17> kDerivedIssueColumns
    = {"id", "project_id", "primary_hash", "title", "culprit", "type", "level", "platform", "metadata", "first_seen",
        "last_seen", "title_ts", "event_count", "user_count", "first_release", "last_release", "search_rows"};
// Carried, but an id the rebuilt issue got from its events' server group wins.
constexpr std::array<std::string_view, 2> kServerIdentityColumns = {"server_id", "short_id"};

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

std::vector<std::string> columnsOf(sql::Database& db, std::string_view table)
{
    std::vector<std::string> out;
    sql::Statement st(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    st.bind(1, table);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

// The columns both tables have, in the first one's order.
std::vector<std::string> sharedColumns(sql::Database& db, std::string_view a, std::string_view b)
{
    std::vector<std::string> out = columnsOf(db, a);
    const std::vector<std::string> other = columnsOf(db, b);
    std::erase_if(out, [&](const std::string& c) { return std::find(other.begin(), other.end(), c) == other.end(); });
    return out;
}

// A column name as an SQL identifier (the names come from the workspace's own schema).
std::string quoted(std::string_view name)
{
    std::string out = "\"";
    for (const char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

template <std::size_t N> bool among(const std::array<std::string_view, N>& list, std::string_view name)
{
    return std::find(list.begin(), list.end(), name) != list.end();
}

std::int64_t restoreIssueColumns(sql::Database& db)
{
    std::string set, differs;
    for (const std::string& column : sharedColumns(db, "issues", "reindex_parked_issues")) {
        if (among(kDerivedIssueColumns, column))
            continue;
        const std::string c = quoted(column);
        const std::string value
            = among(kServerIdentityColumns, column) ? "coalesce(issues." + c + ", p." + c + ")" : "p." + c;
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
        columns += (columns.empty() ? "" : ", ") + quoted(column);
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
