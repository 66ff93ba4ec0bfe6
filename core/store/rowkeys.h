#pragma once

#include "sqlite.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace stackdeck::store {

// Integer keys for the events' random text identities, their event id and
// trace id (schema 13, issue #20): the indexes events_key and
// events_trace_key hold these instead of 32-character text, so they are less
// than half the size and an import rewrites fewer of their pages. A key is 63
// bits of MD5 over the workspace's random seed (meta 'row_key_seed') and the
// text. Two texts may share a key: every lookup compares the text too, so a
// collision costs one more row read, never a wrong answer.
//
//   WHERE e.event_key = ?1 AND e.event_id = ?2

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

} // namespace stackdeck::store
