#pragma once

#include "sqlite.h"

#include <cstdint>

namespace stackdeck::store {

// A reindex interrupted under a build before the parked tables
// (reindexparking.h) kept its carried state in meta: triage by project and
// hash (reindex_triage:N), each activity entry (reindex_parked:ID) and its
// issue's project and primary hash (reindex_activity:ID). Restores it onto the
// rebuilt issues by hash, as that build did; returns the triage rows restored.
// Does not delete the meta entries (restoreAfterReindex does).
std::int64_t restoreLegacyParkedState(sql::Database& db);

} // namespace stackdeck::store
