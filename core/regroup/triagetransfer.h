#pragma once

#include "planbuilder.h"
#include "store/issuetriage.h"
#include "store/sqlite.h"

#include <cstdint>
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

OldIssues snapshotIssues(sql::Database& db);

// After the rebuild, inside the same transaction: each new issue takes the
// triage state of the old issue that gives it the most events; an old
// issue's activity goes with its events (re-pointed when they stay together,
// copied with copied_from to every other part when they split); every new
// issue that merged or split gets one `regroup` entry. `groupIssue` maps a
// plan group to its new issue id. Returns the number of triage states kept.
std::int64_t transferTriage(sql::Database& db, const std::unordered_map<std::int64_t, PlanBuilder::Targets>& targets,
    const std::vector<std::int64_t>& groupIssue, const OldIssues& old);

} // namespace stackdeck::regroup
