#pragma once

#include "sqlite.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::store {

// Integer keys for the events' random text identities, their event id and
// trace id (schema 13, issue #20), instead of 32-character text. A key is 63
// bits of MD5 over the workspace's random seed (meta 'row_key_seed') and the
// text. Two texts may share a key: every lookup compares the text too, so a
// collision costs one more row read, never a wrong answer.
//
//   WHERE e.id IN (<rowsWithKey(RowKeyKind::Event, "?1")>) AND e.event_id = ?2
//
// Each event row carries its keys (events.event_key, events.trace_key), and
// the lookups go through two tables of (kind, key, event row) (schema 14):
// `row_keys_new` takes the keys of the events written since the writer last
// moved them into `row_keys`, in key order, in bulk. An index on random keys
// has each commit dirty about one of its leaf pages per event, until it holds
// all of them: at a million events each commit rewrote both key indexes whole
// (36 MB). The small table is rewritten instead, and the large one once per
// move, in key order.
enum class RowKeyKind { Event = 0, Trace = 1 };

// The key of `text` under `seed`. A seed that is not 32 hex digits (a
// damaged or crafted workspace) counts as empty, here and in SQL alike.
std::int64_t rowKey(std::string_view seed, std::string_view text);

// The workspace's seed ("" before schema 13), read once per connection and
// kept with it.
const std::string& rowKeySeed(sql::Database& db);

// The key of `text` in the workspace `db`.
std::int64_t rowKey(sql::Database& db, std::string_view text);

// Registers stackdeck_key(text, seed) on a connection, for the migration
// that fills the keys and for queries that take the text from another table.
// Direct SQL only: no view, trigger or index of a workspace may call it.
bool registerRowKeyFunction(sqlite3* db);

// A subquery for `e.id IN (...)`: the event rows whose id of `kind` has the
// key `keyExpression` (a parameter such as "?2", or an expression over the
// outer query), from both key tables. The expression appears twice: a
// positional "?" is bound twice.
std::string rowsWithKey(RowKeyKind kind, std::string_view keyExpression);

// The keys of newly written event rows, added to `row_keys_new` in one
// statement, in key order (one per row cost a tenth of the insert's time).
class NewRowKeys {
public:
    // `traceKey` is null for an event without a trace.
    void add(std::int64_t eventRow, std::int64_t eventKey, std::optional<std::int64_t> traceKey);
    // Writes and forgets them; in the writer's transaction. Returns the rows written.
    std::int64_t write(sql::Database& db);

private:
    std::vector<std::array<std::int64_t, 3>> m_rows; // kind, key, event row
};

// Replaces the trace key of an event row that was rewritten with another trace.
void replaceTraceKey(
    sql::Database& db, std::int64_t eventRow, std::optional<std::int64_t> oldKey, std::optional<std::int64_t> newKey);

// Rows in `row_keys_new`.
std::int64_t newRowKeyCount(sql::Database& db);

// Moves the keys of `row_keys_new` into `row_keys`, in key order: each leaf
// page of the large table is written once. In a write transaction. Returns
// the rows moved.
std::int64_t moveNewRowKeys(sql::Database& db);

// The writer moves the new keys once the small table holds this many: at a
// million events, a move costs about what one commit of events cost before.
inline constexpr std::int64_t kNewRowKeysToMove = 200'000;

} // namespace stackdeck::store
