#include "serverrows.h"

#include "issuemergerows.h"
#include "issuequeries.h"
#include "rowkeys.h"

#include <algorithm>
#include <limits>

namespace stackdeck::store {
namespace {

int levelNumber(const std::string& level)
{
    if (level == "debug")
        return 0;
    if (level == "info")
        return 1;
    if (level == "warning")
        return 2;
    if (level == "fatal")
        return 4;
    return 3;
}

// Local status column: 0 unresolved, 1 resolved, 2 ignored; anything else the
// server reports (reprocessing, pending_merge, ...) reads as unresolved here
// and keeps its word in server_issues.status.
int statusNumber(const std::string& status)
{
    if (status == "resolved")
        return 1;
    if (status == "ignored" || status == "muted")
        return 2;
    return 0;
}

std::int64_t projectByName(sql::Database& db, const std::string& name, bool& linkable)
{
    auto& st = db.cached("SELECT id, account_id IS NULL AND server_id IS NULL FROM projects WHERE name = ?1");
    st.bind(1, name);
    const std::int64_t id = st.step() ? st.int64(0) : 0;
    linkable = id > 0 && st.int64(1) != 0;
    st.reset();
    return id;
}

std::string openOutbox(const char* field)
{
    return std::string("EXISTS (SELECT 1 FROM outbox o WHERE o.issue_id = issues.id AND o.field = '") + field
        + "' AND o.state IN ('pending', 'sending', 'conflict', 'failed', 'unsupported'))";
}

} // namespace

std::int64_t ensureServerProject(sql::Database& db, std::int64_t account, const std::string& accountName,
    const ServerProjectRef& project, std::int64_t now)
{
    auto& linked = db.cached("SELECT id FROM projects WHERE account_id = ?1 AND server_id = ?2");
    linked.bind(1, account).bind(2, project.serverId);
    const std::int64_t found = linked.step() ? linked.int64(0) : 0;
    linked.reset();
    if (found > 0)
        return found;
    bool linkable = false;
    std::string name = project.slug;
    std::int64_t id = projectByName(db, name, linkable);
    if (id > 0 && !linkable) {
        name = project.slug + "@" + accountName;
        id = projectByName(db, name, linkable);
    }
    if (id > 0) {
        auto& link = db.cached("UPDATE projects SET account_id = ?2, server_id = ?3, server_slug = ?4, "
                               "platform = coalesce(platform, ?5) WHERE id = ?1");
        link.bind(1, id).bind(2, account).bind(3, project.serverId).bind(4, project.slug);
        link.bindOrNull(5, project.platform).run();
        return id;
    }
    auto& insert = db.cached("INSERT INTO projects(name, platform, server_id, server_slug, account_id, created_at) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, name).bindOrNull(2, project.platform).bind(3, project.serverId).bind(4, project.slug);
    insert.bind(5, account).bind(6, now).run();
    return db.lastInsertRowId();
}

ServerIssueWrite writeServerIssue(sql::Database& db, std::int64_t account, std::int64_t project,
    const ServerIssueRow& issue, std::int64_t now, const std::string& listedBy)
{
    ServerIssueWrite out;
    auto& known = db.cached("SELECT issue_id, coalesce(last_seen, ''), coalesce(status, ''), coalesce(substatus, ''), "
                            "coalesce(assignee, '') FROM server_issues WHERE account_id = ?1 AND server_id = ?2");
    known.bind(1, account).bind(2, issue.serverId);
    if (known.step()) {
        out.issueId = known.int64(0);
        out.changed = known.text(1) != issue.lastSeen || known.text(2) != issue.status
            || known.text(3) != issue.substatus || known.text(4) != issue.assigneeJson;
        const std::string before = known.text(2);
        out.regressed = issue.status == "unresolved"
            && ((!before.empty() && before != "unresolved")
                || (issue.substatus == "regressed" && known.text(3) != "regressed"));
    } else {
        out.changed = true;
    }
    known.reset();
    if (out.issueId == 0) {
        // An import of one of its events may have made the issue already (API events carry groupID).
        auto& byServer = db.cached("SELECT id FROM issues WHERE project_id = ?1 AND server_id = ?2");
        byServer.bind(1, project).bind(2, issue.serverId);
        out.issueId = byServer.step() ? byServer.int64(0) : 0;
        byServer.reset();
    }
    if (out.issueId == 0) {
        // No events yet: first/last seen as an emptied issue has them, so the
        // import's aggregates set them from the events (store/consistency.h).
        out.issueId = nextUnusedIssueId(db);
        out.created = true;
        auto& insert = db.cached("INSERT INTO issues(id, project_id, primary_hash, title, culprit, level, platform, "
                                 "metadata, first_seen, last_seen, server_id) "
                                 "VALUES(?1, ?2, '', ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9)");
        insert.bind(1, out.issueId).bind(2, project).bind(3, issue.title).bind(4, issue.culprit);
        insert.bind(5, levelNumber(issue.level)).bind(6, issue.platform).bindOrNull(7, issue.metadataJson);
        insert.bind(8, std::numeric_limits<std::int64_t>::max()).bind(9, issue.serverId).run();
    }
    // Fields with triage waiting in the outbox keep the local value until it is pushed; those the server
    // cannot take (outbox state unsupported) keep it for good.
    auto& local = db.cached("UPDATE issues SET short_id = ?2, status = CASE WHEN " + openOutbox("status")
        + " THEN status ELSE ?3 END, "
          "substatus = CASE WHEN "
        + openOutbox("status") + " THEN substatus ELSE ?4 END, assignee = CASE WHEN " + openOutbox("assignedTo")
        + " THEN assignee ELSE ?5 END, bookmarked = CASE WHEN ?8 = 0 OR " + openOutbox("isBookmarked")
        + " THEN bookmarked ELSE ?6 END, seen = CASE WHEN " + openOutbox("hasSeen")
        + " THEN seen ELSE ?7 END "
          "WHERE id = ?1");
    local.bind(1, out.issueId).bindOrNull(2, issue.shortId).bind(3, statusNumber(issue.status));
    local.bindOrNull(4, issue.substatus).bindOrNull(5, issue.assigneeName).bind(6, issue.bookmarked ? 1 : 0);
    local.bind(7, issue.hasSeen ? 1 : 0).bind(8, issue.bookmarkKnown ? 1 : 0).run();
    auto& upsert = db.cached(
        "INSERT INTO server_issues(issue_id, account_id, server_id, short_id, permalink, status, substatus, assignee, "
        "bookmarked, count, user_count, first_seen, last_seen, state, merged_into, synced_at, listed_by) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'live', NULL, ?14, ?15) "
        "ON CONFLICT(issue_id) DO UPDATE SET short_id = excluded.short_id, permalink = excluded.permalink, "
        "status = excluded.status, substatus = excluded.substatus, assignee = excluded.assignee, "
        "bookmarked = excluded.bookmarked, count = excluded.count, user_count = excluded.user_count, "
        "first_seen = excluded.first_seen, last_seen = excluded.last_seen, state = 'live', merged_into = NULL, "
        "synced_at = excluded.synced_at, listed_by = excluded.listed_by");
    upsert.bind(1, out.issueId).bind(2, account).bind(3, issue.serverId).bindOrNull(4, issue.shortId);
    upsert.bindOrNull(5, issue.permalink).bindOrNull(6, issue.status).bindOrNull(7, issue.substatus);
    upsert.bindOrNull(8, issue.assigneeJson).bind(9, issue.bookmarked ? 1 : 0).bind(10, issue.count);
    upsert.bind(11, issue.userCount).bindOrNull(12, issue.firstSeen).bindOrNull(13, issue.lastSeen).bind(14, now);
    upsert.bindOrNull(15, listedBy).run();
    return out;
}

std::vector<std::string> vanishedServerIssues(sql::Database& db, std::int64_t account,
    const std::vector<std::int64_t>& projects, const std::string& query, std::int64_t syncStart, std::size_t limit)
{
    std::vector<std::string> out;
    sql::Statement st(db,
        "SELECT s.server_id FROM server_issues s JOIN issues i ON i.id = s.issue_id WHERE s.account_id = ?1 AND "
        "s.state = 'live' AND s.listed_by = ?2 AND s.synced_at < ?3 AND i.project_id IN (SELECT value FROM "
        "json_each(?4)) ORDER BY s.synced_at, s.issue_id LIMIT ?5");
    std::string ids = "[";
    for (std::size_t i = 0; i < projects.size(); ++i)
        ids += (i ? "," : "") + std::to_string(projects[i]);
    ids += "]";
    st.bind(1, account).bind(2, query).bind(3, syncStart).bind(4, ids);
    st.bind(5, static_cast<std::int64_t>(limit));
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

void markServerIssueDeleted(sql::Database& db, std::int64_t account, const std::string& serverId)
{
    auto& st = db.cached("UPDATE server_issues SET state = 'deleted', merged_into = NULL, listed_by = NULL WHERE "
                         "account_id = ?1 AND server_id = ?2");
    st.bind(1, account).bind(2, serverId).run();
}

std::vector<std::int64_t> attachServerHashes(
    sql::Database& db, std::int64_t project, std::int64_t issue, const std::vector<std::string>& hashes)
{
    std::vector<std::int64_t> others;
    auto& attach = db.cached("INSERT INTO issue_hashes(project_id, hash, issue_id) VALUES(?1, ?2, ?3) "
                             "ON CONFLICT DO NOTHING");
    auto& owner = db.cached("SELECT issue_id FROM issue_hashes WHERE project_id = ?1 AND hash = ?2");
    for (const auto& hash : hashes) {
        attach.bind(1, project).bind(2, hash).bind(3, issue).run();
        if (db.changes() > 0)
            continue;
        owner.bind(1, project).bind(2, hash);
        const std::int64_t held = owner.step() ? owner.int64(0) : 0;
        owner.reset();
        if (held != issue && held > 0 && std::find(others.begin(), others.end(), held) == others.end())
            others.push_back(held);
    }
    if (!hashes.empty()) {
        auto& primary = db.cached("UPDATE issues SET primary_hash = ?2 WHERE id = ?1 AND primary_hash = ''");
        primary.bind(1, issue).bind(2, hashes.front()).run();
    }
    return others;
}

std::vector<std::int64_t> issuesAmong(
    sql::Database& db, const SqlFilter& filter, const std::vector<std::int64_t>& among)
{
    std::vector<std::int64_t> out;
    if (among.empty())
        return out;
    std::string ids = "[";
    for (std::size_t i = 0; i < among.size(); ++i)
        ids += (i ? "," : "") + std::to_string(among[i]);
    ids += "]";
    std::string sql = "SELECT i.id FROM issues i WHERE i.id IN (SELECT value FROM json_each(?1))";
    if (!filter.isEmpty())
        sql += " AND (" + filter.where + ")";
    sql += " ORDER BY i.id";
    sql::Statement st(db, sql);
    st.bind(1, ids);
    int index = 2;
    for (const auto& p : filter.params)
        bindValue(st, index++, p);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

bool eventStored(sql::Database& db, std::int64_t project, const std::string& eventId)
{
    return issueOfEvent(db, project, eventId) != 0;
}

std::int64_t issueOfEvent(sql::Database& db, std::int64_t project, const std::string& eventId)
{
    auto& st = db.cached("SELECT coalesce(issue_id, -1) FROM events WHERE id IN ("
        + rowsWithKey(RowKeyKind::Event, "?3") + ") AND project_id = ?1 AND event_id = ?2");
    st.bind(1, project).bind(2, eventId).bind(3, rowKey(db, eventId));
    const std::int64_t issue = st.step() ? st.int64(0) : 0;
    st.reset();
    return issue;
}

void markServerIssueMerged(
    sql::Database& db, std::int64_t account, const std::string& serverId, const std::string& into)
{
    auto& st = db.cached(
        "UPDATE server_issues SET state = 'merged', merged_into = ?3, listed_by = NULL WHERE account_id = ?1 AND "
        "server_id = ?2");
    st.bind(1, account).bind(2, serverId).bind(3, into).run();
}

std::vector<AccountProjectCount> accountProjects(sql::Database& db, std::int64_t account)
{
    std::vector<AccountProjectCount> out;
    sql::Statement st(db,
        "SELECT p.id, p.name, (SELECT count(*) FROM server_issues s JOIN issues i ON i.id = s.issue_id WHERE "
        "s.account_id = ?1 AND i.project_id = p.id) FROM projects p WHERE p.account_id = ?1 ORDER BY p.name");
    st.bind(1, account);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.int64(2)});
    return out;
}

ServerIssueCounts serverIssueCounts(sql::Database& db, std::int64_t account)
{
    sql::Statement st(db,
        "SELECT count(*), coalesce(sum(n > 0), 0), coalesce(sum(n), 0) FROM (SELECT s.issue_id, "
        "(SELECT count(*) FROM events e WHERE e.issue_id = s.issue_id) AS n FROM server_issues s "
        "WHERE s.account_id = ?1)");
    st.bind(1, account);
    st.step();
    return {st.int64(0), st.int64(1), st.int64(2)};
}

} // namespace stackdeck::store

namespace stackdeck::store {

void adoptImportSource(sql::Database& db, const std::string& tempLocation, const std::string& serverLocation,
    const std::string& label, std::int64_t now)
{
    sql::Statement temp(db, "SELECT id FROM sources WHERE location = ?1");
    temp.bind(1, tempLocation);
    if (!temp.step())
        return;
    const std::int64_t from = temp.int64(0);
    sql::Statement ensure(db,
        "INSERT INTO sources(kind, location, label, created_at, last_import_at) VALUES('server', ?1, ?2, ?3, ?3) "
        "ON CONFLICT(kind, location) DO UPDATE SET last_import_at = excluded.last_import_at");
    ensure.bind(1, serverLocation).bind(2, label).bind(3, now).run();
    sql::Statement target(db, "SELECT id FROM sources WHERE kind = 'server' AND location = ?1");
    target.bind(1, serverLocation);
    target.step();
    const std::int64_t to = target.int64(0);
    for (const char* table : {"events", "logs", "attachments"}) {
        sql::Statement move(db, std::string("UPDATE ") + table + " SET source_id = ?2 WHERE source_id = ?1");
        move.bind(1, from).bind(2, to).run();
    }
    sql::Statement drop(db, "DELETE FROM sources WHERE id = ?1");
    drop.bind(1, from).run();
}

} // namespace stackdeck::store

namespace stackdeck::store {

bool issueHasEvents(sql::Database& db, std::int64_t issue)
{
    auto& st = db.cached("SELECT 1 FROM events WHERE issue_id = ?1 LIMIT 1");
    st.bind(1, issue);
    const bool found = st.step();
    st.reset();
    return found;
}

} // namespace stackdeck::store

namespace stackdeck::store {

std::string projectNameOf(sql::Database& db, std::int64_t project)
{
    auto& st = db.cached("SELECT name FROM projects WHERE id = ?1");
    st.bind(1, project);
    std::string name = st.step() ? st.text(0) : std::string();
    st.reset();
    return name;
}

bool issueIsFromServer(sql::Database& db, std::int64_t issue)
{
    auto& st = db.cached("SELECT 1 FROM issues WHERE id = ?1 AND server_id IS NOT NULL");
    st.bind(1, issue);
    const bool found = st.step();
    st.reset();
    return found;
}

std::int64_t issueOfServerId(sql::Database& db, std::int64_t project, const std::string& serverId)
{
    auto& st = db.cached("SELECT id FROM issues WHERE project_id = ?1 AND server_id = ?2");
    st.bind(1, project).bind(2, serverId);
    const std::int64_t id = st.step() ? st.int64(0) : 0;
    st.reset();
    return id;
}

} // namespace stackdeck::store

namespace stackdeck::store {

void adoptServerMergeParent(
    sql::Database& db, std::int64_t account, std::int64_t issue, const std::string& parentServerId)
{
    sql::Statement old(db, "SELECT 1 FROM server_issues WHERE issue_id = ?1");
    old.bind(1, issue);
    if (!old.step())
        return;
    sql::Statement drop(db, "DELETE FROM server_issues WHERE account_id = ?1 AND server_id = ?2 AND issue_id <> ?3");
    drop.bind(1, account).bind(2, parentServerId).bind(3, issue).run();
    sql::Statement take(
        db, "UPDATE server_issues SET server_id = ?2, state = 'live', merged_into = NULL WHERE issue_id = ?1");
    take.bind(1, issue).bind(2, parentServerId).run();
    sql::Statement local(db, "UPDATE issues SET server_id = ?2 WHERE id = ?1");
    local.bind(1, issue).bind(2, parentServerId).run();
}

} // namespace stackdeck::store

namespace stackdeck::store {

std::optional<ServerIssueLink> serverIssueLink(sql::Database& db, std::int64_t issue)
{
    sql::Statement st(db,
        "SELECT a.name, coalesce(s.short_id, ''), coalesce(s.permalink, ''), coalesce(s.state, 'live'), "
        "coalesce((SELECT m.short_id FROM server_issues m WHERE m.account_id = s.account_id AND m.server_id = "
        "s.merged_into), s.merged_into, '') FROM server_issues s JOIN server_accounts a ON a.id = s.account_id WHERE "
        "s.issue_id = ?1");
    st.bind(1, issue);
    if (!st.step())
        return std::nullopt;
    return ServerIssueLink {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

} // namespace stackdeck::store
