#include "casefilerows.h"

#include "localuser.h"
#include "payloaddictrows.h"
#include "rowkeys.h"
#include "schema.h"
#include "util/payloadcodec.h"

#include <array>
#include <stdexcept>

namespace stackdeck::store {

namespace {

// The first schema with notes and triage columns.
constexpr int kOldestCaseSchema = 6;

constexpr std::array<const char*, 8> kTablesRead
    = {"meta", "projects", "issues", "issue_hashes", "issue_labels", "events", "event_payloads", "notes"};

// (table, column, which limit) of every value read: checked with length(),
// which SQLite answers from the record header, before anything is fetched.
struct SizedColumn {
    const char* table;
    const char* column;
    bool payload;
};
constexpr std::array<SizedColumn, 19> kSizedColumns = {{
    {"meta", "value", false},
    {"projects", "name", false},
    {"projects", "platform", false},
    {"projects", "grouping_enhancements", false},
    {"projects", "fingerprint_rules", false},
    {"issues", "primary_hash", false},
    {"issues", "substatus", false},
    {"issues", "resolution", false},
    {"issues", "resolved_release", false},
    {"issues", "assignee", false},
    {"issues", "priority", false},
    {"issue_hashes", "hash", false},
    {"issue_labels", "label", false},
    {"events", "event_id", false},
    {"event_payloads", "data", true},
    {"notes", "text", false},
    {"notes", "author", false},
    {"notes", "event_id", false},
    {"notes", "span_id", false},
}};

std::string optionalText(const sql::Statement& st, int column)
{
    return st.isNull(column) ? std::string() : st.text(column);
}

std::optional<std::int64_t> optionalInt(const sql::Statement& st, int column)
{
    return st.isNull(column) ? std::nullopt : std::optional<std::int64_t>(st.int64(column));
}

std::int64_t singleInt(sql::Database& db, const std::string& sql)
{
    sql::Statement st(db, sql);
    return st.step() ? st.int64(0) : 0;
}

} // namespace

std::string checkCaseFile(sql::Database& db, const CaseFileLimits& limits)
{
    const int version = schemaVersion(db);
    if (version < kOldestCaseSchema || version > latestSchemaVersion())
        return "schema version " + std::to_string(version) + " is not one this build reads ("
            + std::to_string(kOldestCaseSchema) + " to " + std::to_string(latestSchemaVersion()) + ")";
    sql::Statement objects(db, "SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'trigger') LIMIT 1");
    if (objects.step())
        return "it holds a " + objects.text(0) + " (" + objects.text(1) + "), which no case file has";
    sql::Statement kind(db, "SELECT type FROM sqlite_schema WHERE name = ?1");
    for (const char* table : kTablesRead) {
        kind.reset();
        kind.bind(1, table);
        if (!kind.step() || kind.textView(0) != "table")
            return std::string("the table ") + table + " is missing";
    }
    for (const char* table : kTablesRead) {
        if (singleInt(db, std::string("SELECT count(*) FROM ") + table) > limits.maxRows)
            return std::string("the table ") + table + " has more rows than a case file may";
    }
    for (const SizedColumn& c : kSizedColumns) {
        const std::int64_t cap = c.payload ? limits.maxPayloadBytes : limits.maxTextBytes;
        const std::string sql = std::string("SELECT count(*) FROM ") + c.table + " WHERE length(" + c.column + ") > ?1";
        sql::Statement st(db, sql);
        st.bind(1, cap);
        if (st.step() && st.int64(0) > 0)
            return std::string("a value of ") + c.table + "." + c.column + " is over " + std::to_string(cap) + " bytes";
    }
    if (singleInt(db,
            "SELECT count(*) FROM event_payloads WHERE raw_size < 0 OR raw_size > "
                + std::to_string(limits.maxPayloadBytes))
        > 0)
        return "a stored original claims more than " + std::to_string(limits.maxPayloadBytes) + " bytes";
    if (!caseFileMarker(db))
        return "it is a workspace, not a case file (no case file marker)";
    return {};
}

std::optional<std::string> caseFileMarker(sql::Database& db)
{
    sql::Statement st(db, "SELECT value FROM meta WHERE key = ?1");
    st.bind(1, kCaseFileMetaKey);
    if (!st.step() || st.isNull(0))
        return std::nullopt;
    return st.text(0);
}

void writeCaseFileMarker(sql::Database& db, const std::string& json)
{
    sql::Statement st(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    st.bind(1, kCaseFileMetaKey).bind(2, json).run();
}

std::vector<CaseProject> readCaseProjects(sql::Database& db)
{
    std::vector<CaseProject> out;
    sql::Statement st(
        db, "SELECT id, name, platform, grouping_enhancements, fingerprint_rules FROM projects ORDER BY id");
    while (st.step())
        out.push_back({st.int64(0), st.text(1), optionalText(st, 2), optionalText(st, 3), optionalText(st, 4)});
    return out;
}

std::int64_t ensureCaseProject(sql::Database& db, const CaseProject& project)
{
    sql::Statement find(db, "SELECT id FROM projects WHERE name = ?1");
    find.bind(1, project.name);
    if (find.step())
        return find.int64(0);
    sql::Statement insert(db,
        "INSERT INTO projects(name, platform, grouping_enhancements, fingerprint_rules, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, project.name)
        .bindOrNull(2, project.platform)
        .bindOrNull(3, project.groupingEnhancements)
        .bindOrNull(4, project.fingerprintRules)
        .bind(5, nowMicros())
        .run();
    return db.lastInsertRowId();
}

void forEachCaseEvent(sql::Database& db, const std::vector<IssueId>& issues, const CaseFileLimits& limits,
    const std::function<void(CaseEvent&&)>& fn)
{
    sql::Statement list(db,
        "SELECT e.id, e.project_id, e.event_id, p.item_type, p.content_type, p.codec, p.raw_size, length(p.data) "
        "FROM events e JOIN event_payloads p ON p.event_rowid = e.id "
        "WHERE e.issue_id IS NOT NULL AND (?1 = 0 OR e.issue_id = ?1) ORDER BY e.id");
    sql::Statement data(db, "SELECT data FROM event_payloads WHERE event_rowid = ?1");
    const auto dicts = loadPayloadDicts(db); // the case file's own: it is self-contained
    const std::vector<IssueId> all {IssueId(0)};
    for (IssueId issue : issues.empty() ? all : issues) {
        list.reset();
        list.bind(1, issue.value);
        while (list.step()) {
            CaseEvent event {list.int64(1), list.text(2), optionalText(list, 3), optionalText(list, 4), {}};
            const std::int64_t rawSize = list.int64(6);
            if (rawSize < 0 || rawSize > limits.maxPayloadBytes || list.int64(7) > limits.maxPayloadBytes)
                throw std::runtime_error("the original of event " + event.eventId + " is over the size limit");
            data.reset();
            data.bind(1, list.int64(0));
            if (!data.step())
                throw std::runtime_error("event " + event.eventId + " has no original");
            auto json = decodePayload(
                static_cast<PayloadCodec>(list.int64(5)), data.blob(0), static_cast<std::size_t>(rawSize), dicts.get());
            if (!json)
                throw std::runtime_error("the original of event " + event.eventId + ": " + json.error().message);
            event.json = std::move(*json);
            fn(std::move(event));
        }
    }
}

std::vector<CaseIssue> readCaseIssues(sql::Database& db, const std::vector<IssueId>& issues)
{
    std::vector<CaseIssue> out;
    sql::Statement st(db,
        "SELECT id, project_id, primary_hash, status, substatus, resolution, resolved_release, status_changed_at, "
        "ignore_until, ignore_events, ignore_users, ignore_base_events, ignore_base_users, assignee, bookmarked, "
        "priority FROM issues WHERE ?1 = 0 OR id = ?1 ORDER BY id");
    sql::Statement hashes(db, "SELECT hash FROM issue_hashes WHERE issue_id = ?1 ORDER BY hash");
    sql::Statement labels(db, "SELECT label FROM issue_labels WHERE issue_id = ?1 ORDER BY label");
    sql::Statement event(db, "SELECT event_id FROM events WHERE issue_id = ?1 ORDER BY id LIMIT 1");
    const std::vector<IssueId> all {IssueId(0)};
    for (IssueId wanted : issues.empty() ? all : issues) {
        st.reset();
        st.bind(1, wanted.value);
        while (st.step()) {
            CaseIssue i;
            i.id = IssueId(st.int64(0));
            i.project = st.int64(1);
            i.hashes.push_back(st.text(2));
            i.status = st.int64(3);
            i.substatus = optionalText(st, 4);
            i.resolution = optionalText(st, 5);
            i.resolvedRelease = optionalText(st, 6);
            i.statusChangedAt = optionalInt(st, 7).value_or(0);
            i.ignoreUntil = optionalInt(st, 8);
            i.ignoreEvents = optionalInt(st, 9);
            i.ignoreUsers = optionalInt(st, 10);
            i.ignoreBaseEvents = optionalInt(st, 11);
            i.ignoreBaseUsers = optionalInt(st, 12);
            i.assignee = optionalText(st, 13);
            i.bookmarked = st.int64(14) != 0;
            i.priority = optionalText(st, 15);
            hashes.reset();
            hashes.bind(1, i.id.value);
            while (hashes.step()) {
                if (hashes.textView(0) != i.hashes.front())
                    i.hashes.push_back(hashes.text(0));
            }
            labels.reset();
            labels.bind(1, i.id.value);
            while (labels.step())
                i.labels.push_back(labels.text(0));
            event.reset();
            event.bind(1, i.id.value);
            if (event.step())
                i.firstEventId = event.text(0);
            out.push_back(std::move(i));
        }
    }
    return out;
}

std::optional<IssueId> findIssueFor(
    sql::Database& db, std::int64_t project, const std::vector<std::string>& hashes, const std::string& eventId)
{
    sql::Statement byHash(db, "SELECT issue_id FROM issue_hashes WHERE project_id = ?1 AND hash = ?2");
    for (const std::string& hash : hashes) {
        byHash.reset();
        byHash.bind(1, project).bind(2, hash);
        if (byHash.step())
            return IssueId(byHash.int64(0));
    }
    sql::Statement byEvent(db,
        "SELECT issue_id FROM events WHERE id IN (" + rowsWithKey(RowKeyKind::Event, "?3")
            + ") AND project_id = ?1 AND event_id = ?2 AND issue_id IS NOT NULL");
    byEvent.bind(1, project).bind(2, eventId).bind(3, rowKey(db, eventId));
    if (byEvent.step())
        return IssueId(byEvent.int64(0));
    return std::nullopt;
}

namespace {

struct TargetState {
    bool statusDecided = false;
    bool assigned = false;
    bool bookmarked = false;
    bool prioritized = false;
};

std::optional<TargetState> targetState(sql::Database& db, IssueId issue)
{
    sql::Statement st(db,
        "SELECT status_changed_at IS NOT NULL, coalesce(assignee, '') <> '', bookmarked <> 0, "
        "coalesce(priority, '') <> '' FROM issues WHERE id = ?1");
    st.bind(1, issue.value);
    if (!st.step())
        return std::nullopt;
    return TargetState {st.int64(0) != 0, st.int64(1) != 0, st.int64(2) != 0, st.int64(3) != 0};
}

void bindOptional(sql::Statement& st, int index, const std::optional<std::int64_t>& value)
{
    if (value)
        st.bind(index, *value);
    else
        st.bindNull(index);
}

} // namespace

std::string carryCaseTriage(sql::Database& db, IssueId target, const CaseIssue& from, const std::string& author)
{
    const auto state = targetState(db, target);
    if (!state)
        return {};
    std::vector<std::string> taken;
    if (!state->statusDecided && from.statusChangedAt != 0) {
        sql::Statement st(db,
            "UPDATE issues SET status = ?2, substatus = ?3, resolution = ?4, resolved_release = ?5, "
            "status_changed_at = ?6, status_mark = (SELECT coalesce(max(id), 0) FROM events), ignore_until = ?7, "
            "ignore_events = ?8, ignore_users = ?9, ignore_base_events = CASE WHEN ?8 IS NULL THEN NULL ELSE "
            "event_count END, ignore_base_users = CASE WHEN ?9 IS NULL THEN NULL ELSE user_count END WHERE id = ?1");
        st.bind(1, target.value).bind(2, from.status).bindOrNull(3, from.substatus).bindOrNull(4, from.resolution);
        st.bindOrNull(5, from.resolvedRelease).bind(6, from.statusChangedAt);
        bindOptional(st, 7, from.ignoreUntil);
        // "N more events (users)" count from here, as when a person ignores it in this workspace.
        bindOptional(st, 8, from.ignoreEvents);
        bindOptional(st, 9, from.ignoreUsers);
        st.run();
        std::string status = from.status == 1 ? "resolved" : from.status == 2 ? "ignored" : "unresolved";
        if (!from.resolution.empty())
            status += " (" + from.resolution + (from.resolvedRelease.empty() ? "" : " " + from.resolvedRelease) + ")";
        taken.push_back("status " + status);
    }
    if (!state->assigned && !from.assignee.empty()) {
        sql::Statement st(db, "UPDATE issues SET assignee = ?2 WHERE id = ?1");
        st.bind(1, target.value).bind(2, from.assignee).run();
        taken.push_back("assigned to " + from.assignee);
    }
    if (!state->bookmarked && from.bookmarked) {
        sql::Statement st(db, "UPDATE issues SET bookmarked = 1 WHERE id = ?1");
        st.bind(1, target.value).run();
        taken.emplace_back("bookmarked");
    }
    if (!state->prioritized && !from.priority.empty()) {
        sql::Statement st(db, "UPDATE issues SET priority = ?2 WHERE id = ?1");
        st.bind(1, target.value).bind(2, from.priority).run();
        taken.push_back("priority " + from.priority);
    }
    sql::Statement label(db, "INSERT OR IGNORE INTO issue_labels(issue_id, label) VALUES(?1, ?2)");
    for (const std::string& l : from.labels) {
        label.reset();
        label.bind(1, target.value).bind(2, l).run();
        if (db.changes() > 0)
            taken.push_back("label " + l);
    }
    if (taken.empty())
        return {};
    std::string text = "from a case file:";
    for (std::size_t k = 0; k < taken.size(); ++k)
        text += (k ? ", " : " ") + taken[k];
    sql::Statement activity(db,
        "INSERT INTO issue_activity(issue_id, kind, text, author, created_at) "
        "VALUES(?1, 'triage', ?2, ?3, ?4)");
    activity.bind(1, target.value).bind(2, text).bind(3, author).bind(4, nowMicros()).run();
    return text;
}

bool noteExists(sql::Database& db, const NoteKey& key)
{
    sql::Statement st(db,
        "SELECT 1 FROM notes WHERE target = ?1 AND coalesce(issue_id, 0) = ?2 AND coalesce(project_id, 0) = ?3 "
        "AND coalesce(event_id, '') = ?4 AND coalesce(target_index, 0) = ?5 AND coalesce(span_id, '') = ?6 "
        "AND text = ?7 AND coalesce(author, '') = ?8 AND created_at = ?9 LIMIT 1");
    st.bind(1, key.kind).bind(2, key.issue).bind(3, key.project).bind(4, key.eventId).bind(5, key.index);
    st.bind(6, key.spanId).bind(7, key.text).bind(8, key.author).bind(9, key.createdAt);
    return st.step();
}

void beginCaseFile(sql::Database& db)
{
    db.exec("PRAGMA secure_delete=ON");
}

void sealCaseFile(sql::Database& db)
{
    db.exec("PRAGMA secure_delete=ON");
    db.exec("PRAGMA journal_mode=DELETE");
    // The sources are the export's temporary files: their paths say nothing to the reader.
    db.exec("UPDATE sources SET location = 'case:' || id, label = 'case file'");
    // A case file holds a few issues and travels by mail: SQLite's 4 KiB pages
    // (a workspace's 8 KiB ones are for imports at scale, schema.cpp) keep
    // each of its ~75 tables and indexes small. The VACUUM rewrites it so.
    db.exec("PRAGMA page_size=4096");
    db.exec("VACUUM");
}

} // namespace stackdeck::store
