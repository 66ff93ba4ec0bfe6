#pragma once

#include "issueactivity.h"
#include "issuetriage.h"
#include "model/ids.h"
#include "sqlite.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
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

// A copy of every issue row (SELECT *) taken before a regroup rebuilds the
// issue tables, in a temporary table of the caller's transaction, from which
// a rebuilt issue takes every column people decide: status with its
// resolution and release, ignore conditions, priority, seen, assignee,
// bookmark, and whatever columns later schemas add (issuecolumns.h lists the
// derived ones, which are not carried; nor is the server identity, see
// giveServerIdentity). The ignore baselines move with the issue's counts, so
// the events and users counted toward an ignore condition stay what they were.
class ParkedIssues {
public:
    explicit ParkedIssues(sql::Database& db);
    // The columns of parked issue `from` onto issue `issue`; returns whether anything changed.
    bool carryTo(std::int64_t issue, std::int64_t from);
    void drop();

private:
    sql::Database& m_db;
    sql::Statement m_carry;
};

// Labels and issue-level notes (notes.target = 'issue') of the issues, read
// before a rebuild re-points them.
struct IssueAttachments {
    std::vector<std::string> labels;
    std::vector<std::int64_t> notes; // notes.id, oldest first
};
std::unordered_map<std::int64_t, IssueAttachments> readIssueAttachments(sql::Database& db);
void addIssueLabels(sql::Database& db, std::int64_t issue, const std::vector<std::string>& labels);
// Labels of issues that no longer exist, gone.
void dropOrphanLabels(sql::Database& db);
// An issue-level note now belongs to `issue`.
void moveIssueNote(sql::Database& db, std::int64_t note, std::int64_t issue);
// A copy of an issue-level note (text, author, times; searchable) on `issue`.
void copyIssueNote(sql::Database& db, std::int64_t note, std::int64_t issue);

// The server's id and short id, where the issue has none yet and no other
// issue of its project holds that server id.
void giveServerIdentity(sql::Database& db, std::int64_t issue, const std::string& serverId, const std::string& shortId);

// Re-points an entry; copiedFrom (when set) records the issue it came from.
void moveActivity(sql::Database& db, std::int64_t entry, IssueId to, std::optional<IssueId> copiedFrom);

} // namespace stackdeck::store
