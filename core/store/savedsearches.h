#pragma once

#include "sqlite.h"
#include "util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stackdeck::store {

// A search kept in the workspace under a name (the sidebar lists them; the
// live count is store::countIssues over the compiled query).
struct SavedSearch {
    std::int64_t id = 0;
    std::string name;
    std::string query;
    std::int64_t position = 0; // sidebar order, ascending
    bool notify = false; // an alert search: its new or regressed issues raise a notification (issue #17)

    bool operator==(const SavedSearch&) const = default;
};

// Adds or, when the name exists, replaces its query. Returns the id.
Result<std::int64_t> saveSearch(sql::Database& db, const std::string& name, const std::string& query);
Result<Ok> removeSavedSearch(sql::Database& db, std::int64_t id);
Result<Ok> renameSavedSearch(sql::Database& db, std::int64_t id, const std::string& name);
Result<Ok> setSavedSearchNotify(sql::Database& db, std::int64_t id, bool notify);
std::vector<SavedSearch> savedSearches(sql::Database& db); // by position, then id

} // namespace stackdeck::store
