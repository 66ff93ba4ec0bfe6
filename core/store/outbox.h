#pragma once

#include "sqlite.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// The outbox: triage on server issues waiting to go to the server, one row
// per issue and field (schema 7, table outbox). A field's row keeps the value
// the user saw when deciding (`before`, what the push compares the server's
// current value with) and the value to send (`after`), both JSON. Changes to
// the same issue and field before a push fold into one row; a row whose
// `after` comes back to its `before` (an undo before the push) goes away.
//
// Fields: status ({status, statusDetails}), assignedTo (name, "" = nobody),
// isBookmarked, hasSeen (booleans), comment ({text, note}), merge ({ids, at});
// priority, labels, note (on an event, frame, breadcrumb or span) and unmerge
// have no server counterpart: their rows are state "local" and never pushed.
//
// States: pending, sending (written before the request: a push that died
// there checks the server before sending a comment or merge again), sent,
// conflict (the server changed the field since; result holds its value),
// failed (result says why; pushed again), dropped, local, unsupported (the
// server cannot do it: GlitchTip bookmarks, ...), taken (conflict resolved
// by taking the server's value).

struct OutboxEntry {
    std::int64_t id = 0;
    std::int64_t account = 0;
    std::int64_t issue = 0;
    std::string serverId; // the issue's id on the server
    std::string shortId;
    std::string projectServerId;
    std::string field;
    std::string before; // JSON; empty: none
    std::string after; // JSON
    std::string state;
    std::string result;
    std::int64_t createdAt = 0;
    std::int64_t pushedAt = 0;
};

// Queues the server-visible fields a triage action changed on server issues.
// Apply: triage_undo_rows(undoId) hold the issues' state before, issues the
// state after. Undo (called before the restore): issues hold the state
// before, the rows the state after. A field already pushed gets a new row
// (undo after a push queues the inverse). In the caller's transaction.
enum class OutboxDirection { Apply, Undo };
void queueTriageOutbox(sql::Database& db, std::int64_t undoId, OutboxDirection direction, std::int64_t now);

// Queues what the outbox learns by looking: issue-level notes on server
// issues (comments), notes on their events (local), merges of server issues
// into server issues, unmerges (local). Idempotent.
void collectOutbox(sql::Database& db, std::int64_t now);

// Rows of an account (0: every account), oldest first. `open`: only pending,
// sending, conflict and failed ones.
std::vector<OutboxEntry> listOutbox(sql::Database& db, std::int64_t account, bool open);
std::optional<OutboxEntry> outboxEntry(sql::Database& db, std::int64_t id);

// Drops an unpushed row (it is kept as "dropped" so it is not collected
// again). False when there is no such unpushed row.
bool dropOutboxEntry(sql::Database& db, std::int64_t id);

void setOutboxState(
    sql::Database& db, std::int64_t id, const std::string& state, const std::string& result, std::int64_t now);

// A conflict: keep mine (the server's value becomes `before`, pushed again)
// or take the server's (the local issue takes it; the row is closed).
enum class ConflictChoice { KeepMine, TakeServer };
bool resolveOutboxConflict(sql::Database& db, std::int64_t id, ConflictChoice choice, std::int64_t now);

// Open rows of one issue and field (the pull leaves those local fields alone).
bool hasOpenOutbox(sql::Database& db, std::int64_t issue, const std::string& field);

} // namespace stackdeck::store
