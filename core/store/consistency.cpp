#include "consistency.h"

namespace stackdeck::store {

namespace {
void collect(sql::Database& db, const char* what, const char* query, std::vector<std::string>& out)
{
    sql::Statement st(db, query);
    int shown = 0;
    std::int64_t total = 0;
    while (st.step()) {
        ++total;
        if (shown < 5) {
            std::string row;
            for (int c = 0; c < st.columnCount(); ++c) {
                if (c)
                    row += ", ";
                row += st.isNull(c) ? std::string("NULL") : st.text(c);
            }
            out.push_back(std::string(what) + ": " + row);
            ++shown;
        }
    }
    if (total > shown)
        out.push_back(std::string(what) + ": ... " + std::to_string(total - shown) + " more");
}
} // namespace

std::vector<std::string> checkConsistency(sql::Database& db)
{
    std::vector<std::string> out;
    {
        sql::Statement st(db, "PRAGMA integrity_check");
        while (st.step()) {
            if (st.text(0) != "ok")
                out.push_back("integrity: " + st.text(0));
        }
    }
    collect(db, "issue event_count differs from its events",
        "SELECT i.id, i.event_count, (SELECT count(*) FROM events e WHERE e.issue_id = i.id) AS n FROM issues i "
        "WHERE i.event_count != n",
        out);
    collect(db, "issue user_count differs from issue_users",
        "SELECT i.id, i.user_count, (SELECT count(*) FROM issue_users u WHERE u.issue_id = i.id) AS n FROM issues i "
        "WHERE i.user_count != n",
        out);
    collect(db, "issue histogram differs from event_count",
        "SELECT i.id, i.event_count, coalesce((SELECT sum(count) FROM issue_hourly h WHERE h.issue_id = i.id), 0) AS n "
        "FROM issues i WHERE i.event_count != n",
        out);
    collect(db, "issue first/last seen differ from its events",
        "SELECT i.id, i.first_seen, i.last_seen FROM issues i JOIN (SELECT issue_id, min(timestamp) AS lo, "
        "max(timestamp) AS hi FROM events WHERE issue_id IS NOT NULL GROUP BY issue_id) e ON e.issue_id = i.id "
        "WHERE i.first_seen != e.lo OR i.last_seen != e.hi",
        out);
    collect(db, "tag count exceeds the issue's events",
        "SELECT it.issue_id, it.tag_id, it.count FROM issue_tags it JOIN issues i ON i.id = it.issue_id "
        "WHERE it.count > i.event_count",
        out);
    collect(db, "event without payload",
        "SELECT e.id, e.event_id FROM events e LEFT JOIN event_payloads p ON p.event_rowid = e.id "
        "WHERE p.event_rowid IS NULL",
        out);
    collect(db, "event's primary hash not attached to its issue",
        "SELECT e.id, e.primary_hash FROM events e WHERE e.issue_id IS NOT NULL AND e.primary_hash IS NOT NULL AND "
        "NOT EXISTS (SELECT 1 FROM issue_hashes h WHERE h.project_id = e.project_id AND h.hash = e.primary_hash)",
        out);
    collect(db, "event points at a missing issue",
        "SELECT e.id, e.issue_id FROM events e WHERE e.issue_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM issues i WHERE i.id = e.issue_id)",
        out);
    collect(db, "activity of a missing issue",
        "SELECT a.id, a.issue_id FROM issue_activity a WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.id = "
        "a.issue_id)",
        out);
    collect(db, "issue without events",
        "SELECT i.id FROM issues i WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.issue_id = i.id)", out);
    // No unique index keeps these since schema 13 (rowkeys.h): the writer does.
    collect(db, "event id stored twice in a project",
        "SELECT project_id, event_id, count(*) FROM events GROUP BY event_key, project_id, event_id "
        "HAVING count(*) > 1",
        out);
    collect(db, "event row's key differs from its event or trace id",
        // A missing seed counts as empty, as the writer counts it (a join with
        // the meta row would check no row then).
        "SELECT e.id, e.event_id, e.trace_id FROM events e WHERE e.event_key IS NOT stackdeck_key(e.event_id, "
        "(SELECT value FROM meta WHERE key = 'row_key_seed')) OR e.trace_key IS NOT stackdeck_key(e.trace_id, "
        "(SELECT value FROM meta WHERE key = 'row_key_seed'))",
        out);
    // Schema 14: each event's keys are in one of the key tables, once.
    collect(db, "event's key missing from the key tables",
        "SELECT e.id, e.event_id FROM events e WHERE (NOT EXISTS (SELECT 1 FROM row_keys k WHERE k.kind = 0 AND "
        "k.key = e.event_key AND k.event_rowid = e.id) AND NOT EXISTS (SELECT 1 FROM row_keys_new k WHERE k.kind = 0 "
        "AND k.key = e.event_key AND k.event_rowid = e.id)) OR (e.trace_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        "row_keys k WHERE k.kind = 1 AND k.key = e.trace_key AND k.event_rowid = e.id) AND NOT EXISTS (SELECT 1 FROM "
        "row_keys_new k WHERE k.kind = 1 AND k.key = e.trace_key AND k.event_rowid = e.id))",
        out);
    collect(db, "key row of no event, or not its key",
        "SELECT k.kind, k.key, k.event_rowid FROM (SELECT kind, key, event_rowid FROM row_keys UNION ALL SELECT kind, "
        "key, event_rowid FROM row_keys_new) k LEFT JOIN events e ON e.id = k.event_rowid WHERE e.id IS NULL OR "
        "k.key IS NOT (CASE k.kind WHEN 0 THEN e.event_key WHEN 1 THEN e.trace_key END)",
        out);
    collect(db, "key row in both key tables",
        "SELECT n.kind, n.key, n.event_rowid FROM row_keys_new n WHERE EXISTS (SELECT 1 FROM row_keys k WHERE "
        "k.kind = n.kind AND k.key = n.key AND k.event_rowid = n.event_rowid)",
        out);
    return out;
}

} // namespace stackdeck::store
