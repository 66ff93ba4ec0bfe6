#pragma once

#include "sqlite.h"

#include <cstdint>

namespace stackdeck::store {

// What a reindex carries across its rebuild of the issue tables, parked in
// the workspace so that a reindex killed at any moment (kill -9 included)
// resumes with it:
// - reindex_parked_issues: a copy of `issues` (SELECT *): each issue's id with
//   every column people decide (status, assignee, bookmark, server ids, and
//   whatever columns later schemas add: only the derived ones are listed, in
//   reindexparking.cpp);
// - reindex_parked_hashes: a copy of `issue_hashes`, so the rebuild gives an
//   issue its old id (EventWriter::keepIssueIds) and a merge stays merged;
// - reindex_parked_activity: the activity log, out of `issue_activity` until
//   the issues are back (left in place, an entry would name an id the
//   half-built index has not given out yet).
// Copies of whole rows, so a column added to these tables is carried too.
// Issue ids are never reused: meta `issue_id_high_water` is the highest id
// ever given out (EventWriter allocates above it).

inline constexpr const char* kReindexParkedHashes = "reindex_parked_hashes";

// True when a reindex began and did not finish (its marker is in meta).
bool reindexInterrupted(sql::Database& db);

// In the caller's transaction, at the start of a reindex: parks what the
// rebuild carries (unless an interrupted reindex parked it already: the
// half-built index holds no triage), sets the marker and empties the derived
// tables (derivedtables.h).
void parkForReindex(sql::Database& db);

// In the caller's transaction, after the rebuild: restores each issue's
// carried columns (by its kept id) and the activity log, drops the parked
// copies and the marker. Returns the number of issues whose carried state it
// restored. Reads what an earlier build parked in meta too.
std::int64_t restoreAfterReindex(sql::Database& db);

// meta `issue_id_high_water`: 0 when no id was recorded yet.
std::int64_t issueIdHighWater(sql::Database& db);
void raiseIssueIdHighWater(sql::Database& db, std::int64_t id);

} // namespace stackdeck::store
