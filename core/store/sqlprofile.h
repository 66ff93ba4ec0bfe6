#pragma once

struct sqlite3;

namespace stackdeck::sql {

// A developer's view of where a process spends its SQL time: with
// STACKDECK_SQL_PROFILE set in the environment, every connection opened
// afterwards reports each statement's run time, and at exit the process
// prints the costliest statements (total time, runs, SQL) to stderr.
// Without it, nothing is installed and nothing costs.
void profileConnectionIfAsked(sqlite3* db);

// With the profile on, prints the costliest statements since the last call
// (or the start) under `heading`, and starts counting again: a benchmark's
// figures per step. Without it, does nothing.
void printProfileAndRestart(const char* heading);

} // namespace stackdeck::sql
