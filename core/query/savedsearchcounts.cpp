#include "savedsearchcounts.h"

#include "issuequery.h"
#include "querycontext.h"
#include "store/issuequeries.h"
#include "store/summaryqueries.h"

namespace stackdeck::query {

Result<std::vector<SavedSearchCount>> countSavedSearches(sql::Database& db, const SqlFilter& scope, Micros now)
{
    auto context = loadQueryContext(db, now);
    if (!context)
        return context.error();
    std::vector<SavedSearchCount> rows;
    for (auto& s : store::savedSearches(db)) {
        SavedSearchCount row {std::move(s), std::nullopt, {}};
        const auto compiled = compileIssueQuery(row.search.query, *context);
        if (compiled.error)
            row.error = compiled.error->message;
        else
            row.count = store::countIssues(db, store::andFilters({scope, compiled.countFilter}));
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace stackdeck::query
