#pragma once

#include "planbuilder.h"
#include "store/issuetriage.h"
#include "store/sqlite.h"
#include "store/triagecarry.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace stackdeck::regroup {

// What an issue carried before a regroup rebuilt the issue tables.
struct OldIssue {
    std::int64_t project = 0;
    std::string title;
    store::IssueTriage triage;
};
using OldIssues = std::unordered_map<std::int64_t, OldIssue>;

// Everything a regroup carries, taken in its transaction before the rebuild:
// the issues (titles, server identity), a parked copy of their rows (every
// triage column, store/triagecarry.h), their labels and issue-level notes.
struct OldState {
    OldIssues issues;
    std::unique_ptr<store::ParkedIssues> parked;
    std::unordered_map<std::int64_t, store::IssueAttachments> attachments;
};

OldState snapshotIssues(sql::Database& db);

// After the rebuild, inside the same transaction. Each new issue takes every
// triage column of the old issue that gives it the most events (the parked
// row: status, resolution and release, ignore conditions with their
// baselines, priority, seen, assignee, bookmark). What belongs to an old
// issue as a list follows its events the way the activity log does: kept by
// the part that keeps the old id (else the largest part) and copied to every
// other part of a split (activity entries marked copied_from), so a merged
// issue holds the labels, issue notes and activity of all its sources. Every
// new issue that merged or split gets one `regroup` entry. `groupIssue` maps
// a plan group to its new issue id. Returns the number of issues whose triage
// columns were carried.
std::int64_t transferTriage(sql::Database& db, const std::unordered_map<std::int64_t, PlanBuilder::Targets>& targets,
    const std::vector<std::int64_t>& groupIssue, OldState& old);

} // namespace stackdeck::regroup
