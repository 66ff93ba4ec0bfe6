#include "reindexlegacyparking.h"

#include "issuetriage.h"

#include <string>

namespace stackdeck::store {

namespace {

std::int64_t restoreTriage(sql::Database& db)
{
    std::int64_t restored = 0;
    sql::Statement saved(db, "SELECT value FROM meta WHERE key LIKE 'reindex_triage:%'");
    sql::Statement restore(db,
        "UPDATE issues SET status = ?3, substatus = nullif(?4, ''), assignee = nullif(?5, ''), bookmarked = ?6, "
        "server_id = coalesce(server_id, nullif(?7, '')), short_id = coalesce(short_id, nullif(?8, '')) "
        "WHERE id = (SELECT issue_id FROM issue_hashes WHERE project_id = ?1 AND hash = ?2)");
    while (saved.step()) {
        // project, hash, then the triage
        const std::string value = saved.text(0);
        const auto first = value.find('\x1f');
        const auto second = first == std::string::npos ? first : value.find('\x1f', first + 1);
        if (second == std::string::npos)
            continue;
        const auto kept = decodeIssueTriage(std::string_view(value).substr(second + 1));
        if (!kept)
            continue;
        restore.reset();
        restore.bind(1, static_cast<std::int64_t>(std::stoll(value.substr(0, first))))
            .bind(2, value.substr(first + 1, second - first - 1))
            .bind(3, kept->status)
            .bind(4, kept->substatus)
            .bind(5, kept->assignee)
            .bind(6, kept->bookmarked)
            .bind(7, kept->serverId)
            .bind(8, kept->shortId)
            .run();
        restored += db.changes();
    }
    return restored;
}

void restoreActivity(sql::Database& db)
{
    // The parked activity, on the issue its hash finds now (else on its old
    // id, as before); under a new id if an entry added meanwhile took its own.
    db.exec("INSERT INTO issue_activity(id, issue_id, kind, text, author, created_at, copied_from) "
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM issue_activity x WHERE x.id = p.id) THEN NULL ELSE p.id "
            "END, coalesce((SELECT h.issue_id FROM issue_hashes h WHERE h.project_id = p.project AND h.hash = "
            "p.hash), p.issue), p.kind, p.text, p.author, p.created_at, p.copied_from FROM (SELECT "
            "CAST(substr(k.key, 16) AS INTEGER) AS id, json_extract(k.value, '$[0]') AS issue, "
            "json_extract(k.value, '$[1]') AS kind, json_extract(k.value, '$[2]') AS text, "
            "json_extract(k.value, '$[3]') AS author, json_extract(k.value, '$[4]') AS created_at, "
            "json_extract(k.value, '$[5]') AS copied_from, CAST(substr(m.value, 1, instr(m.value, char(31)) - "
            "1) AS INTEGER) AS project, substr(m.value, instr(m.value, char(31)) + 1) AS hash FROM meta k "
            "LEFT JOIN meta m ON m.key = 'reindex_activity:' || substr(k.key, 16) "
            "WHERE k.key LIKE 'reindex_parked:%') p");
    // What is left to repoint: entries a reindex of an earlier build left in place.
    db.exec("DELETE FROM meta WHERE key LIKE 'reindex_activity:%' AND 'reindex_parked:' || substr(key, 18) "
            "IN (SELECT key FROM meta WHERE key LIKE 'reindex_parked:%')");
    sql::Statement activity(db, "SELECT key, value FROM meta WHERE key LIKE 'reindex_activity:%'");
    sql::Statement repoint(db,
        "UPDATE issue_activity SET issue_id = (SELECT issue_id FROM issue_hashes WHERE project_id = ?2 AND "
        "hash = ?3) WHERE id = ?1 AND EXISTS (SELECT 1 FROM issue_hashes WHERE project_id = ?2 AND hash = ?3)");
    while (activity.step()) {
        const std::string key = activity.text(0);
        const std::string value = activity.text(1);
        const auto sep = value.find('\x1f');
        if (sep == std::string::npos)
            continue;
        repoint.reset();
        repoint.bind(1, static_cast<std::int64_t>(std::stoll(key.substr(key.find(':') + 1))))
            .bind(2, static_cast<std::int64_t>(std::stoll(value.substr(0, sep))))
            .bind(3, value.substr(sep + 1))
            .run();
    }
}

} // namespace

std::int64_t restoreLegacyParkedState(sql::Database& db)
{
    const std::int64_t restored = restoreTriage(db);
    restoreActivity(db);
    return restored;
}

} // namespace stackdeck::store
