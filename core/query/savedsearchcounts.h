#pragma once

#include "model/timestamp.h"
#include "store/savedsearches.h"
#include "store/sqlfilter.h"
#include "store/sqlite.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::query {

// One saved search with the number of issues it matches now.
struct SavedSearchCount {
    store::SavedSearch search;
    std::optional<std::int64_t> count; // unset while counting, or when the query no longer compiles
    std::string error; // why it has no count
};

// Reads the workspace's saved searches and counts each one's issues within
// `scope` (the sidebar's project, environment, ...). A search whose query no
// longer compiles gets the compiler's message instead of a count.
Result<std::vector<SavedSearchCount>> countSavedSearches(sql::Database& db, const SqlFilter& scope, Micros now);

} // namespace stackdeck::query
