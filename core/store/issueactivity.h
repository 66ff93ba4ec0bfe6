#pragma once

#include "model/ids.h"
#include "model/timestamp.h"
#include "sqlite.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// One entry of an issue's activity log.
struct IssueActivity {
    std::int64_t id = 0;
    IssueId issue;
    std::string kind; // note | status | assign | bookmark | regroup
    std::string text;
    std::string author;
    Micros createdAt = 0;
    std::optional<IssueId> copiedFrom; // set on entries copied to the parts of a split issue

    bool operator==(const IssueActivity&) const = default;
};

// Appends an entry (createdAt 0 = now); returns its id. Throws sql::SqliteError.
std::int64_t addActivity(sql::Database& db, const IssueActivity& entry);
// The issue's entries, oldest first.
std::vector<IssueActivity> listActivity(sql::Database& db, IssueId issue);
// Every entry of the workspace, oldest id first (regroup carries them over).
std::vector<IssueActivity> listAllActivity(sql::Database& db);

} // namespace stackdeck::store
