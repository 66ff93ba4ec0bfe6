#pragma once

#include "importer/storedeventscan.h"
#include "regroupplan.h"
#include "triagetransfer.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace stackdeck::regroup {

// What applyRegroup's two ways share: the open transaction's connection, the
// scan with the rules just saved, and the issues as they were.
struct ApplyContext {
    sql::Database& db;
    const std::string& workspacePath;
    const StoredEventScanOptions& scan;
    OldState& old;
    std::int64_t maxOldIssue = 0;
    RegroupOptions::Mode mode = RegroupOptions::Mode::Auto;
    const std::atomic<bool>* cancel = nullptr;
    const ProgressFn& progress;
};

enum class AffectedOutcome {
    Done, // the changed issues are rebuilt, triage moved: ready to commit
    TooMany, // (Mode::Auto) most events would be rewritten: rebuild everything instead
    Stopped, // cancelled or failed: summary says which
};

// Groups every stored error event again (as planRegroup does) and rebuilds
// only the issues that change: those that split or merge, those with an event
// whose hashes, title or culprit change, and those that events without an
// issue would join. Every other issue, with its rows and triage, is untouched.
// Runs inside the caller's transaction.
AffectedOutcome rebuildAffected(const ApplyContext& ctx, RegroupSummary& summary);

} // namespace stackdeck::regroup
