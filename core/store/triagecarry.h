#pragma once

#include "issueactivity.h"
#include "issuetriage.h"
#include "model/ids.h"
#include "sqlite.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// What a regroup reads and writes to carry triage, server identity and the
// activity log from the issues it replaces to the ones that replace them
// (core/regroup/triagetransfer.h decides where each goes).

struct IssueTriageRow {
    std::int64_t id = 0;
    std::int64_t project = 0;
    std::string title;
    IssueTriage triage;
};
std::vector<IssueTriageRow> readAllIssueTriage(sql::Database& db);

// Status, substatus, assignee and bookmark; returns whether the issue exists.
bool writeIssueDecisions(sql::Database& db, std::int64_t issue, const IssueTriage& triage);

// The server's id and short id, where the issue has none yet and no other
// issue of its project holds that server id.
void giveServerIdentity(sql::Database& db, std::int64_t issue, const std::string& serverId, const std::string& shortId);

// Every activity entry of the workspace, oldest id first.
std::vector<IssueActivity> listAllActivity(sql::Database& db);
// Re-points an entry; copiedFrom (when set) records the issue it came from.
void moveActivity(sql::Database& db, std::int64_t entry, IssueId to, std::optional<IssueId> copiedFrom);

} // namespace stackdeck::store
