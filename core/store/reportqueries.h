#pragma once

#include "model/ids.h"
#include "sqlfilter.h"
#include "sqlite.h"
#include "util/result.h"

#include <vector>

namespace stackdeck::store {

// Every issue a filter matches (no page cap: a report covers the whole
// search), most recently seen first. At most `limit` ids when limit > 0.
Result<std::vector<IssueId>> issueIdsMatching(sql::Database& db, const SqlFilter& filter, std::int64_t limit = 0);

// The ids among `ids` that name an issue of the workspace, in the order given.
Result<std::vector<IssueId>> existingIssueIds(sql::Database& db, const std::vector<IssueId>& ids);

} // namespace stackdeck::store
