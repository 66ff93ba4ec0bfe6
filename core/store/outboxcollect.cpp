#include "outbox.h"

#include <nlohmann/json.hpp>

namespace stackdeck::store {
namespace {

// Issue-level notes on server issues go out as comments; notes on their
// events, frames, breadcrumbs and spans have no server counterpart.
void collectNotes(sql::Database& db, std::int64_t now)
{
    sql::Statement comments(db,
        "INSERT INTO outbox(account_id, issue_id, field, before, after, state, created_at) "
        "SELECT s.account_id, n.issue_id, 'comment', NULL, json_object('text', n.text, 'note', n.id), 'pending', ?1 "
        "FROM notes n JOIN server_issues s ON s.issue_id = n.issue_id AND s.state = 'live' WHERE n.target = 'issue' "
        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.field = 'comment' AND o.issue_id = n.issue_id "
        "AND json_extract(o.after, '$.note') = n.id) ORDER BY n.id");
    comments.bind(1, now).run();
    sql::Statement local(db,
        "INSERT INTO outbox(account_id, issue_id, field, before, after, state, created_at) "
        "SELECT s.account_id, e.issue_id, 'note', NULL, json_object('target', n.target, 'text', n.text, 'note', n.id), "
        "'local', ?1 FROM notes n JOIN events e ON e.project_id = n.project_id AND e.event_id = n.event_id "
        "JOIN server_issues s ON s.issue_id = e.issue_id AND s.state = 'live' WHERE n.target <> 'issue' "
        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.field = 'note' AND json_extract(o.after, '$.note') = n.id) "
        "ORDER BY n.id");
    local.bind(1, now).run();
}

// A local merge of server issues into a server issue of the same account is
// one server merge; an unmerge has no counterpart in the API.
void collectMerges(sql::Database& db, std::int64_t now)
{
    sql::Statement merges(db,
        "SELECT m.target_id, m.merged_at, t.account_id, t.server_id, json_group_array(DISTINCT s.server_id) "
        "FROM issue_merges m JOIN server_issues t ON t.issue_id = m.target_id AND t.state = 'live' "
        "JOIN server_issues s ON s.issue_id = m.source_id AND s.account_id = t.account_id AND s.state = 'live' "
        "WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.issue_id = m.target_id AND o.field = 'merge' "
        "AND json_extract(o.after, '$.at') = m.merged_at) GROUP BY m.target_id, m.merged_at ORDER BY m.merged_at");
    struct Merge {
        std::int64_t issue, at, account;
        nlohmann::json ids;
    };
    std::vector<Merge> found;
    while (merges.step()) {
        nlohmann::json ids = nlohmann::json::array({merges.text(3)});
        for (const auto& id : nlohmann::json::parse(merges.text(4), nullptr, false)) {
            if (id.is_string() && id != ids[0])
                ids.push_back(id);
        }
        if (ids.size() > 1)
            found.push_back({merges.int64(0), merges.int64(1), merges.int64(2), ids});
    }
    auto& insert = db.cached("INSERT INTO outbox(account_id, issue_id, field, before, after, state, created_at) "
                             "VALUES(?1, ?2, 'merge', NULL, ?3, 'pending', ?4)");
    for (const Merge& m : found) {
        insert.reset();
        insert.bind(1, m.account).bind(2, m.issue);
        insert.bind(3, nlohmann::json {{"ids", m.ids}, {"at", m.at}}.dump()).bind(4, now).run();
    }
    sql::Statement unmerges(db,
        "INSERT INTO outbox(account_id, issue_id, field, before, after, state, created_at) "
        "SELECT s.account_id, a.issue_id, 'unmerge', NULL, json_object('activity', a.id, 'text', a.text), 'local', ?1 "
        "FROM issue_activity a JOIN server_issues s ON s.issue_id = a.issue_id AND s.state = 'live' "
        "WHERE a.kind = 'unmerge' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.field = 'unmerge' "
        "AND json_extract(o.after, '$.activity') = a.id) ORDER BY a.id");
    unmerges.bind(1, now).run();
}

} // namespace

void collectOutbox(sql::Database& db, std::int64_t now)
{
    sql::Transaction tx(db);
    collectNotes(db, now);
    collectMerges(db, now);
    tx.commit();
}

} // namespace stackdeck::store
