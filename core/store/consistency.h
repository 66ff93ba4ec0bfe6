#pragma once

#include "sqlite.h"

#include <string>
#include <vector>

namespace stackdeck::store {

// Checks the invariants that tie the derived tables to the events: SQLite's
// own integrity check, per-issue counts, users, hourly histograms and tag
// counts, hashes, payloads. Returns one line per violation (empty = consistent).
// Used after interrupted imports and by `stackdeck-cli check`.
std::vector<std::string> checkConsistency(sql::Database& db);

} // namespace stackdeck::store
