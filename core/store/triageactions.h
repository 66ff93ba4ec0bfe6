#pragma once

#include "model/ids.h"
#include "sqlfilter.h"
#include "sqlite.h"
#include "triage/triagestate.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// One triage action: every field that is set changes on every issue the
// action covers; the rest stays as it is.
struct TriageChange {
    std::optional<triage::Status> status;
    std::string release; // ResolvedInRelease: the release it is resolved in
    triage::IgnoreConditions ignore; // Ignored: what ends it (none: forever); untilMicros is absolute
    std::optional<std::string> assignee; // "" unassigns
    std::optional<bool> bookmarked;
    std::optional<bool> seen;
    std::optional<triage::Priority> priority; // Priority::None clears it
    std::vector<std::string> addLabels;
    std::vector<std::string> removeLabels;

    bool isEmpty() const
    {
        return !status && !assignee && !bookmarked && !seen && !priority && addLabels.empty() && removeLabels.empty();
    }
    // "resolved in release 2.1; assigned to ana; +label perf", for the undo list and the activity log.
    std::string describe() const;
};

struct TriageOptions {
    std::string author; // empty: localUserName()
    std::int64_t now = 0; // microseconds; 0: the clock
    // Called after each chunk of 10,000 issues (and once at the end); the GUI throttles further.
    std::function<void(std::int64_t done, std::int64_t total)> progress;
    // Checked between chunks: a cancelled action changes nothing.
    const std::atomic<bool>* cancel = nullptr;
};

struct TriageOutcome {
    std::int64_t issues = 0; // issues the action covered (ids that exist)
    std::int64_t undoId = 0; // the undo entry (0 when nothing was done)
    bool cancelled = false;
};

// Applies `change` to the issues in one transaction: the issue columns, one
// issue_activity row per issue and kind of change (author, time), and an
// undo entry that holds each issue's prior triage state (in the workspace, so
// it survives a restart). No cap on the number of ids: 100,000 take about a
// second. Ids that name no issue are skipped. The caller holds the writer
// lock (shared).
Result<TriageOutcome> applyTriage(
    sql::Database& db, const std::vector<IssueId>& ids, const TriageChange& change, const TriageOptions& options = {});

// Every issue id the filter selects (store::listIssues' filter, from the
// query compiler), ascending, uncapped.
Result<std::vector<IssueId>> issueIdsMatching(sql::Database& db, const SqlFilter& filter);

struct UndoEntry {
    std::int64_t id = 0;
    std::string action; // TriageChange::describe()
    std::string author;
    std::int64_t createdAt = 0;
    std::int64_t issueCount = 0;
};
// The most recent triage action not undone yet, if any.
std::optional<UndoEntry> lastUndoable(sql::Database& db);

// Restores every issue the most recent action touched to its state before it
// (status, ignore conditions, assignee, bookmark, seen, priority, labels) and
// records an "undo" activity row on each. Nothing to undo: undoId 0.
Result<TriageOutcome> undoLast(sql::Database& db, const TriageOptions& options = {});

// The triage state of one issue as the rules (core/triage) see it, with the
// local columns around it; for the CLI, the header and tests.
struct IssueTriageView {
    IssueId id;
    triage::TriageState state;
    std::string assignee;
    bool bookmarked = false;
    bool seen = false;
    triage::Priority priority = triage::Priority::None;
    std::vector<std::string> labels; // sorted
};
std::optional<IssueTriageView> issueTriageView(sql::Database& db, IssueId id);

} // namespace stackdeck::store
