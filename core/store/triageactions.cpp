#include "triageactions.h"

#include "issuequeries.h"
#include "issuetriage.h"
#include "localuser.h"
#include "outbox.h"

#include <algorithm>
#include <ctime>

namespace stackdeck::store {

namespace {

constexpr std::size_t kChunk = 10'000;
// Undo entries kept; older ones (and their snapshots) are dropped.
constexpr std::int64_t kKeptUndoEntries = 20;

std::string utcMinute(std::int64_t micros)
{
    const std::time_t secs = static_cast<std::time_t>(micros / 1'000'000);
    std::tm tm {};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string describeStatus(const TriageChange& c)
{
    using triage::Status;
    switch (*c.status) {
    case Status::Unresolved:
        return "unresolved";
    case Status::Resolved:
        return "resolved";
    case Status::ResolvedInNextRelease:
        return "resolved in the next release";
    case Status::ResolvedInRelease:
        return "resolved in release " + c.release;
    case Status::Ignored:
        break;
    }
    std::vector<std::string> until;
    if (c.ignore.untilMicros != 0)
        until.push_back(utcMinute(c.ignore.untilMicros));
    if (c.ignore.moreEvents != 0)
        until.push_back(std::to_string(c.ignore.moreEvents) + " more events");
    if (c.ignore.moreUsers != 0)
        until.push_back(std::to_string(c.ignore.moreUsers) + " more users");
    std::string out = "ignored";
    for (std::size_t i = 0; i < until.size(); ++i)
        out += (i == 0 ? " until " : " or ") + until[i];
    return out;
}

// (kind, text) of each activity row an issue gets for the change.
std::vector<std::pair<std::string, std::string>> activityRows(const TriageChange& c)
{
    std::vector<std::pair<std::string, std::string>> rows;
    if (c.status)
        rows.emplace_back("status", describeStatus(c));
    if (c.assignee)
        rows.emplace_back("assign", c.assignee->empty() ? std::string("unassigned") : "assigned to " + *c.assignee);
    if (c.bookmarked)
        rows.emplace_back("bookmark", *c.bookmarked ? "bookmarked" : "bookmark removed");
    if (c.seen)
        rows.emplace_back("seen", *c.seen ? "marked seen" : "marked unseen");
    if (c.priority)
        rows.emplace_back("priority",
            *c.priority == triage::Priority::None ? std::string("priority cleared")
                                                  : "priority " + std::string(triage::priorityName(*c.priority)));
    for (const std::string& l : c.addLabels)
        rows.emplace_back("label", "label " + l + " added");
    for (const std::string& l : c.removeLabels)
        rows.emplace_back("label", "label " + l + " removed");
    return rows;
}

// The UPDATE for the change, over the issues in temp.triage_chunk, with the
// bind calls that go with it.
struct IssueUpdate {
    std::string sql;
    std::function<void(sql::Statement&)> bind;
};

IssueUpdate issueUpdate(const TriageChange& c, std::int64_t now, std::int64_t mark)
{
    std::vector<std::string> sets;
    if (c.status) {
        sets.push_back("status = ?1, resolution = nullif(?2, ''), resolved_release = CASE ?2 WHEN 'inRelease' THEN ?3 "
                       "WHEN 'inNextRelease' THEN (SELECT r.version FROM releases r WHERE r.project_id = "
                       "issues.project_id ORDER BY r.first_seen DESC, r.version DESC LIMIT 1) END, "
                       "substatus = nullif(?4, ''), status_changed_at = ?5, status_mark = ?6, "
                       "ignore_until = nullif(?7, 0), ignore_events = nullif(?8, 0), ignore_users = nullif(?9, 0), "
                       "ignore_base_events = CASE WHEN ?1 = 2 THEN event_count END, "
                       "ignore_base_users = CASE WHEN ?1 = 2 THEN user_count END");
    }
    if (c.assignee)
        sets.push_back("assignee = nullif(?10, '')");
    if (c.bookmarked)
        sets.push_back("bookmarked = ?11");
    if (c.seen)
        sets.push_back("seen = ?12");
    if (c.priority)
        sets.push_back("priority = nullif(?13, '')");
    IssueUpdate u;
    if (sets.empty())
        return u;
    u.sql = "UPDATE issues SET ";
    for (std::size_t i = 0; i < sets.size(); ++i)
        u.sql += (i == 0 ? "" : ", ") + sets[i];
    u.sql += " WHERE id IN temp.triage_chunk";
    u.bind = [c, now, mark](sql::Statement& st) {
        if (c.status) {
            const bool ignored = *c.status == triage::Status::Ignored;
            st.bind(1, triage::storedStatus(*c.status))
                .bind(2, triage::storedResolution(*c.status))
                .bind(3, c.release)
                .bind(4, triage::substatusName(triage::substatusForManualChange(*c.status)))
                .bind(5, now)
                .bind(6, mark)
                .bind(7, ignored ? c.ignore.untilMicros : 0)
                .bind(8, ignored ? c.ignore.moreEvents : 0)
                .bind(9, ignored ? c.ignore.moreUsers : 0);
        }
        if (c.assignee)
            st.bind(10, *c.assignee);
        if (c.bookmarked)
            st.bind(11, *c.bookmarked ? 1 : 0);
        if (c.seen)
            st.bind(12, *c.seen ? 1 : 0);
        if (c.priority)
            st.bind(13, triage::priorityName(*c.priority));
    };
    return u;
}

std::int64_t scalar(sql::Database& db, const char* query)
{
    sql::Statement st(db, query);
    return st.step() ? st.int64(0) : 0;
}

void dropOldUndoEntries(sql::Database& db)
{
    sql::Statement st(db, "DELETE FROM triage_undo_rows WHERE undo_id <= (SELECT max(id) FROM triage_undo) - ?1");
    st.bind(1, kKeptUndoEntries).run();
    sql::Statement entries(db, "DELETE FROM triage_undo WHERE id <= (SELECT max(id) FROM triage_undo) - ?1");
    entries.bind(1, kKeptUndoEntries).run();
}

void fillChunk(sql::Database& db, const std::vector<IssueId>& ids, std::size_t from, std::size_t to)
{
    db.exec("DELETE FROM temp.triage_chunk");
    auto& add = db.cached("INSERT OR IGNORE INTO temp.triage_chunk(id) SELECT id FROM issues WHERE id = ?1");
    for (std::size_t i = from; i < to; ++i) {
        add.reset();
        add.bind(1, ids[i].value).run();
    }
}

constexpr std::string_view kStateColumns
    = "status, substatus, resolution, resolved_release, status_changed_at, status_mark, ignore_until, "
      "ignore_events, ignore_users, ignore_base_events, ignore_base_users, assignee, bookmarked, seen, priority";

void snapshotChunk(sql::Database& db, std::int64_t undoId)
{
    auto& st = db.cached("INSERT INTO triage_undo_rows(undo_id, issue_id, " + std::string(kStateColumns)
        + ", labels) SELECT ?1, i.id, " + std::string(kStateColumns)
        + ", (SELECT json_group_array(label) FROM issue_labels l WHERE l.issue_id = i.id) "
          "FROM issues i WHERE i.id IN temp.triage_chunk");
    st.bind(1, undoId).run();
}

void writeActivity(sql::Database& db, const std::vector<std::pair<std::string, std::string>>& rows,
    const std::string& author, std::int64_t now)
{
    auto& st = db.cached("INSERT INTO issue_activity(issue_id, kind, text, author, created_at) "
                         "SELECT id, ?1, ?2, ?3, ?4 FROM temp.triage_chunk");
    for (const auto& [kind, text] : rows) {
        st.reset();
        st.bind(1, kind).bind(2, text).bind(3, author).bind(4, now).run();
    }
}

void changeLabels(sql::Database& db, const TriageChange& c)
{
    auto& add = db.cached("INSERT OR IGNORE INTO issue_labels(issue_id, label) SELECT id, ?1 FROM temp.triage_chunk");
    for (const std::string& l : c.addLabels) {
        add.reset();
        add.bind(1, l).run();
    }
    auto& remove = db.cached("DELETE FROM issue_labels WHERE label = ?1 AND issue_id IN temp.triage_chunk");
    for (const std::string& l : c.removeLabels) {
        remove.reset();
        remove.bind(1, l).run();
    }
}

bool cancelled(const TriageOptions& o)
{
    return o.cancel != nullptr && o.cancel->load();
}

} // namespace

std::string TriageChange::describe() const
{
    std::string out;
    for (const auto& [kind, text] : activityRows(*this))
        out += (out.empty() ? "" : "; ") + text;
    return out;
}

Result<TriageOutcome> applyTriage(
    sql::Database& db, const std::vector<IssueId>& ids, const TriageChange& change, const TriageOptions& options)
{
    if (change.status) {
        if (auto why = triage::checkTransition(*change.status, change.release, change.ignore))
            return Error {*why};
    }
    if (change.isEmpty())
        return Error {"nothing to change"};
    try {
        const std::string author = options.author.empty() ? localUserName(db) : options.author;
        const std::int64_t now = options.now != 0 ? options.now : nowMicros();
        db.exec("CREATE TEMP TABLE IF NOT EXISTS triage_chunk(id INTEGER PRIMARY KEY)");
        sql::Transaction tx(db);
        const std::int64_t mark = scalar(db, "SELECT coalesce(max(id), 0) FROM events");
        sql::Statement entry(
            db, "INSERT INTO triage_undo(action, author, created_at, issue_count) VALUES(?1, ?2, ?3, 0)");
        entry.bind(1, change.describe()).bind(2, author).bind(3, now).run();
        const std::int64_t undoId = db.lastInsertRowId();
        const IssueUpdate update = issueUpdate(change, now, mark);
        std::optional<sql::Statement> updateStatement;
        if (!update.sql.empty())
            updateStatement.emplace(db, update.sql);
        const auto rows = activityRows(change);
        TriageOutcome out;
        const auto total = static_cast<std::int64_t>(ids.size());
        for (std::size_t from = 0; from < ids.size(); from += kChunk) {
            if (cancelled(options))
                return TriageOutcome {0, 0, true};
            const std::size_t to = std::min(ids.size(), from + kChunk);
            fillChunk(db, ids, from, to);
            out.issues += scalar(db, "SELECT count(*) FROM temp.triage_chunk");
            snapshotChunk(db, undoId);
            if (updateStatement) {
                updateStatement->reset();
                update.bind(*updateStatement);
                updateStatement->run();
            }
            changeLabels(db, change);
            writeActivity(db, rows, author, now);
            if (options.progress)
                options.progress(static_cast<std::int64_t>(to), total);
        }
        if (cancelled(options))
            return TriageOutcome {0, 0, true};
        queueTriageOutbox(db, undoId, OutboxDirection::Apply, now);
        sql::Statement count(db, "UPDATE triage_undo SET issue_count = ?2 WHERE id = ?1");
        count.bind(1, undoId).bind(2, out.issues).run();
        dropOldUndoEntries(db);
        db.exec("DELETE FROM temp.triage_chunk");
        tx.commit();
        out.undoId = undoId;
        return out;
    } catch (const std::exception& e) {
        return Error {std::string("triage failed: ") + e.what()};
    }
}

Result<std::vector<IssueId>> issueIdsMatching(sql::Database& db, const SqlFilter& filter)
{
    try {
        sql::Statement st(db,
            "SELECT i.id FROM issues i" + (filter.isEmpty() ? std::string() : " WHERE " + filter.where)
                + " ORDER BY i.id");
        int index = 1;
        for (const SqlValue& v : filter.params)
            bindValue(st, index++, v);
        std::vector<IssueId> out;
        while (st.step())
            out.emplace_back(st.int64(0));
        return out;
    } catch (const std::exception& e) {
        return Error {std::string("query failed: ") + e.what()};
    }
}

std::optional<UndoEntry> lastUndoable(sql::Database& db)
{
    sql::Statement st(db,
        "SELECT id, action, coalesce(author, ''), created_at, issue_count FROM triage_undo WHERE undone = 0 "
        "ORDER BY id DESC LIMIT 1");
    if (!st.step())
        return std::nullopt;
    return UndoEntry {st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4)};
}

Result<TriageOutcome> undoLast(sql::Database& db, const TriageOptions& options)
{
    try {
        const std::string author = options.author.empty() ? localUserName(db) : options.author;
        const std::int64_t now = options.now != 0 ? options.now : nowMicros();
        sql::Transaction tx(db);
        const auto entry = lastUndoable(db);
        if (!entry)
            return TriageOutcome {};
        std::string sets;
        for (std::string_view rest = kStateColumns; !rest.empty();) {
            const std::size_t comma = rest.find(", ");
            const std::string column(rest.substr(0, comma));
            sets += (sets.empty() ? "" : ", ") + column + " = u." + column;
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
        }
        queueTriageOutbox(db, entry->id, OutboxDirection::Undo, now);
        sql::Statement restore(db,
            "UPDATE issues SET " + sets + " FROM triage_undo_rows u WHERE u.undo_id = ?1 AND u.issue_id = issues.id");
        restore.bind(1, entry->id).run();
        const std::int64_t restored = db.changes();
        sql::Statement labels(db,
            "DELETE FROM issue_labels WHERE issue_id IN (SELECT issue_id FROM triage_undo_rows WHERE undo_id = ?1)");
        labels.bind(1, entry->id).run();
        sql::Statement relabel(db,
            "INSERT OR IGNORE INTO issue_labels(issue_id, label) SELECT u.issue_id, j.value FROM triage_undo_rows u, "
            "json_each(u.labels) j WHERE u.undo_id = ?1 AND u.issue_id IN (SELECT id FROM issues)");
        relabel.bind(1, entry->id).run();
        sql::Statement activity(db,
            "INSERT INTO issue_activity(issue_id, kind, text, author, created_at) SELECT u.issue_id, 'undo', ?2, ?3, "
            "?4 FROM triage_undo_rows u WHERE u.undo_id = ?1 AND u.issue_id IN (SELECT id FROM issues)");
        activity.bind(1, entry->id).bind(2, "undid: " + entry->action).bind(3, author).bind(4, now).run();
        sql::Statement done(db, "UPDATE triage_undo SET undone = 1 WHERE id = ?1");
        done.bind(1, entry->id).run();
        sql::Statement drop(db, "DELETE FROM triage_undo_rows WHERE undo_id = ?1");
        drop.bind(1, entry->id).run();
        tx.commit();
        return TriageOutcome {restored, entry->id, false};
    } catch (const std::exception& e) {
        return Error {std::string("undo failed: ") + e.what()};
    }
}

std::optional<IssueTriageView> issueTriageView(sql::Database& db, IssueId id)
{
    sql::Statement st(db,
        "SELECT " + std::string(kTriageStateColumns)
            + ", coalesce(i.assignee, ''), i.bookmarked, i.seen, coalesce(i.priority, '') FROM issues i WHERE i.id = "
              "?1");
    st.bind(1, id.value);
    if (!st.step())
        return std::nullopt;
    IssueTriageView v;
    v.id = id;
    v.state = readTriageState(st, 0);
    v.assignee = st.text(10);
    v.bookmarked = st.int64(11) != 0;
    v.seen = st.int64(12) != 0;
    v.priority = triage::parsePriority(st.textView(13)).value_or(triage::Priority::None);
    sql::Statement labels(db, "SELECT label FROM issue_labels WHERE issue_id = ?1 ORDER BY label");
    labels.bind(1, id.value);
    while (labels.step())
        v.labels.push_back(labels.text(0));
    return v;
}

} // namespace stackdeck::store
