#include "querycontext.h"

#include "store/facetcounts.h"

namespace stackdeck::query {

Result<QueryContext> loadQueryContext(sql::Database& db, Micros now)
{
    QueryContext context;
    context.now = now;
    try {
        context.tagKeys = store::tagKeys(db);
        context.projects = store::projectNames(db);
    } catch (const sql::SqliteError& e) {
        return Error {e.what()};
    }
    return context;
}

} // namespace stackdeck::query
