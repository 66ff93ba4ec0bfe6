#pragma once

#include "sqlite.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// A project's own grouping rules as the projects table keeps them (empty:
// the built-in rules). Validating them is the caller's job (core/regroup).
struct StoredGroupingRules {
    std::string project;
    std::string enhancements; // stack-trace rules
    std::string fingerprintRules;
};

// The project's rules; nullopt when there is no project by that name.
std::optional<StoredGroupingRules> readGroupingRules(sql::Database& db, const std::string& project);
// Every project that has rules of its own.
std::vector<StoredGroupingRules> projectsWithGroupingRules(sql::Database& db);
// Replaces the project's rules (empty text clears them); false when there is
// no project by that name.
bool writeGroupingRules(sql::Database& db, const StoredGroupingRules& rules);

} // namespace stackdeck::store
