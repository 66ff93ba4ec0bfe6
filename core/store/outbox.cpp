#include "outbox.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace stackdeck::store {
namespace {

using nlohmann::json;

constexpr const char* kOpenStates = "('pending', 'conflict', 'failed', 'local')";

// The triage columns of one issue, as issues and triage_undo_rows hold them.
struct LocalState {
    std::int64_t status = 0;
    std::string resolution;
    std::string release;
    std::int64_t ignoreUntil = 0;
    std::int64_t ignoreEvents = 0;
    std::int64_t ignoreUsers = 0;
    std::string assignee;
    bool bookmarked = false;
    bool seen = false;
    std::string priority;
    std::vector<std::string> labels;
};

constexpr const char* kStateSelect
    = "%.status, coalesce(%.resolution, ''), coalesce(%.resolved_release, ''), coalesce(%.ignore_until, 0), "
      "coalesce(%.ignore_events, 0), coalesce(%.ignore_users, 0), coalesce(%.assignee, ''), %.bookmarked, %.seen, "
      "coalesce(%.priority, ''), ";
constexpr int kStateColumns = 11;

std::string stateSelect(const std::string& alias, const std::string& labels)
{
    std::string out;
    for (const char* p = kStateSelect; *p != '\0'; ++p) {
        if (*p == '%')
            out += alias;
        else
            out += *p;
    }
    return out + labels;
}

LocalState readState(sql::Statement& st, int at)
{
    LocalState s;
    s.status = st.int64(at);
    s.resolution = st.text(at + 1);
    s.release = st.text(at + 2);
    s.ignoreUntil = st.int64(at + 3);
    s.ignoreEvents = st.int64(at + 4);
    s.ignoreUsers = st.int64(at + 5);
    s.assignee = st.text(at + 6);
    s.bookmarked = st.int64(at + 7) != 0;
    s.seen = st.int64(at + 8) != 0;
    s.priority = st.text(at + 9);
    const json labels = json::parse(st.isNull(at + 10) ? std::string("[]") : st.text(at + 10), nullptr, false);
    if (labels.is_array()) {
        for (const json& l : labels) {
            if (l.is_string())
                s.labels.push_back(l.get<std::string>());
        }
    }
    std::sort(s.labels.begin(), s.labels.end());
    return s;
}

// The status as the server's update takes it; an ignore deadline stays
// absolute here (ignoreUntil, microseconds) and becomes minutes when sent.
json statusValue(const LocalState& s)
{
    if (s.status == 1) {
        if (s.resolution == "inNextRelease")
            return {{"status", "resolved"}, {"statusDetails", {{"inNextRelease", true}}}};
        if (s.resolution == "inRelease")
            return {{"status", "resolved"}, {"statusDetails", {{"inRelease", s.release}}}};
        return {{"status", "resolved"}};
    }
    if (s.status != 2)
        return {{"status", "unresolved"}};
    json details = json::object();
    if (s.ignoreUntil != 0)
        details["ignoreUntil"] = s.ignoreUntil;
    if (s.ignoreEvents != 0)
        details["ignoreCount"] = s.ignoreEvents;
    if (s.ignoreUsers != 0)
        details["ignoreUserCount"] = s.ignoreUsers;
    json out
        = {{"status", "ignored"}, {"substatus", details.empty() ? "archived_forever" : "archived_until_condition_met"}};
    if (!details.empty())
        out["statusDetails"] = details;
    return out;
}

struct FieldValue {
    const char* field;
    json value;
    bool local;
};

std::vector<FieldValue> fieldValues(const LocalState& s)
{
    return {{"status", statusValue(s), false}, {"assignedTo", s.assignee, false}, {"isBookmarked", s.bookmarked, false},
        {"hasSeen", s.seen, false}, {"priority", s.priority, true}, {"labels", s.labels, true}};
}

void upsert(sql::Database& db, std::int64_t account, std::int64_t issue, const FieldValue& before,
    const FieldValue& after, std::int64_t now)
{
    const std::string b = before.value.dump();
    const std::string a = after.value.dump();
    auto& open = db.cached(std::string("SELECT id, coalesce(before, '') FROM outbox WHERE issue_id = ?1 AND field = ?2 "
                                       "AND state IN ")
        + kOpenStates + " ORDER BY id DESC LIMIT 1");
    open.bind(1, issue).bind(2, after.field);
    const bool found = open.step();
    const std::int64_t id = found ? open.int64(0) : 0;
    const std::string seen = found ? open.text(1) : std::string();
    open.reset();
    if (found && seen == a) {
        auto& drop = db.cached("DELETE FROM outbox WHERE id = ?1");
        drop.bind(1, id).run();
    } else if (found) {
        auto& update = db.cached("UPDATE outbox SET after = ?2, state = ?3, result = NULL WHERE id = ?1");
        update.bind(1, id).bind(2, a).bind(3, after.local ? "local" : "pending").run();
    } else if (b != a) {
        auto& insert = db.cached("INSERT INTO outbox(account_id, issue_id, field, before, after, state, created_at) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        insert.bind(1, account).bind(2, issue).bind(3, after.field).bind(4, b).bind(5, a);
        insert.bind(6, after.local ? "local" : "pending").bind(7, now).run();
    }
}

OutboxEntry readEntry(sql::Statement& st)
{
    OutboxEntry e;
    e.id = st.int64(0);
    e.account = st.int64(1);
    e.issue = st.int64(2);
    e.field = st.text(3);
    e.before = st.text(4);
    e.after = st.text(5);
    e.state = st.text(6);
    e.result = st.text(7);
    e.createdAt = st.int64(8);
    e.pushedAt = st.int64(9);
    e.serverId = st.text(10);
    e.shortId = st.text(11);
    e.projectServerId = st.text(12);
    return e;
}

constexpr const char* kEntrySelect
    = "SELECT o.id, o.account_id, o.issue_id, o.field, coalesce(o.before, ''), o.after, o.state, "
      "coalesce(o.result, ''), o.created_at, coalesce(o.pushed_at, 0), coalesce(s.server_id, ''), "
      "coalesce(s.short_id, ''), coalesce(p.server_id, '') FROM outbox o "
      "LEFT JOIN server_issues s ON s.issue_id = o.issue_id "
      "LEFT JOIN issues i ON i.id = o.issue_id LEFT JOIN projects p ON p.id = i.project_id ";

} // namespace

void queueTriageOutbox(sql::Database& db, std::int64_t undoId, OutboxDirection direction, std::int64_t now)
{
    const std::string liveLabels = "(SELECT json_group_array(label) FROM issue_labels l WHERE l.issue_id = i.id)";
    sql::Statement st(db,
        "SELECT s.account_id, i.id, " + stateSelect("u", "u.labels") + ", " + stateSelect("i", liveLabels)
            + " FROM triage_undo_rows u JOIN issues i ON i.id = u.issue_id "
              "JOIN server_issues s ON s.issue_id = u.issue_id AND s.state = 'live' WHERE u.undo_id = ?1");
    st.bind(1, undoId);
    while (st.step()) {
        const LocalState snapshot = readState(st, 2);
        const LocalState live = readState(st, 2 + kStateColumns);
        const bool apply = direction == OutboxDirection::Apply;
        const auto before = fieldValues(apply ? snapshot : live);
        const auto after = fieldValues(apply ? live : snapshot);
        for (std::size_t f = 0; f < after.size(); ++f) {
            if (before[f].value != after[f].value)
                upsert(db, st.int64(0), st.int64(1), before[f], after[f], now);
        }
    }
}

std::vector<OutboxEntry> listOutbox(sql::Database& db, std::int64_t account, bool open)
{
    sql::Statement st(db,
        std::string(kEntrySelect) + "WHERE (?1 = 0 OR o.account_id = ?1)"
            + (open ? " AND o.state IN ('pending', 'sending', 'conflict', 'failed')" : "") + " ORDER BY o.id");
    st.bind(1, account);
    std::vector<OutboxEntry> out;
    while (st.step())
        out.push_back(readEntry(st));
    return out;
}

std::optional<OutboxEntry> outboxEntry(sql::Database& db, std::int64_t id)
{
    sql::Statement st(db, std::string(kEntrySelect) + "WHERE o.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readEntry(st);
}

bool dropOutboxEntry(sql::Database& db, std::int64_t id)
{
    sql::Statement st(db,
        "UPDATE outbox SET state = 'dropped' WHERE id = ?1 AND state IN ('pending', 'conflict', 'failed', 'local')");
    st.bind(1, id).run();
    return db.changes() > 0;
}

void setOutboxState(
    sql::Database& db, std::int64_t id, const std::string& state, const std::string& result, std::int64_t now)
{
    auto& st = db.cached("UPDATE outbox SET state = ?2, result = nullif(?3, ''), pushed_at = CASE WHEN ?2 IN ('sent', "
                         "'sending') THEN ?4 ELSE pushed_at END WHERE id = ?1");
    st.bind(1, id).bind(2, state).bind(3, result).bind(4, now).run();
}

bool resolveOutboxConflict(sql::Database& db, std::int64_t id, ConflictChoice choice, std::int64_t now)
{
    const auto entry = outboxEntry(db, id);
    if (!entry || entry->state != "conflict")
        return false;
    const json result = json::parse(entry->result, nullptr, false);
    const json server = result.is_object() && result.contains("server") ? result["server"] : json();
    if (choice == ConflictChoice::KeepMine) {
        sql::Statement st(db, "UPDATE outbox SET before = ?2, state = 'pending', result = NULL WHERE id = ?1");
        st.bind(1, id).bind(2, server.dump()).run();
        return true;
    }
    // The local issue takes the server's value; the next pull confirms it.
    if (entry->field == "status" && server.is_object()) {
        const std::string word = server.value("status", std::string());
        sql::Statement st(db,
            "UPDATE issues SET status = ?2, resolution = NULL, resolved_release = NULL, substatus = nullif(?3, ''), "
            "ignore_until = NULL, ignore_events = NULL, ignore_users = NULL WHERE id = ?1");
        st.bind(1, entry->issue).bind(2, word == "resolved" ? 1 : (word == "ignored" ? 2 : 0));
        st.bind(3, server.value("substatus", std::string())).run();
    } else if (entry->field == "assignedTo") {
        sql::Statement st(db, "UPDATE issues SET assignee = nullif(?2, '') WHERE id = ?1");
        st.bind(1, entry->issue).bind(2, server.is_string() ? server.get<std::string>() : std::string()).run();
    } else if (entry->field == "isBookmarked" || entry->field == "hasSeen") {
        sql::Statement st(db,
            std::string("UPDATE issues SET ") + (entry->field == "isBookmarked" ? "bookmarked" : "seen")
                + " = ?2 WHERE id = ?1");
        st.bind(1, entry->issue).bind(2, server.is_boolean() && server.get<bool>() ? 1 : 0).run();
    }
    setOutboxState(db, id, "taken", entry->result, now);
    return true;
}

bool hasOpenOutbox(sql::Database& db, std::int64_t issue, const std::string& field)
{
    auto& st = db.cached("SELECT 1 FROM outbox WHERE issue_id = ?1 AND field = ?2 AND state IN ('pending', 'sending', "
                         "'conflict', 'failed')");
    st.bind(1, issue).bind(2, field);
    const bool found = st.step();
    st.reset();
    return found;
}

} // namespace stackdeck::store
