#include "querycontext.h"

namespace stackdeck::query {

Result<QueryContext> loadQueryContext(sql::Database& db, Micros now)
{
    QueryContext context;
    context.now = now;
    try {
        // Distinct keys by hopping through the (key, value) index, one seek per
        // key: `SELECT DISTINCT key` would read every tag row (a million `trace` values).
        sql::Statement keys(db,
            "WITH RECURSIVE k(key) AS (SELECT min(key) FROM tags UNION ALL "
            "SELECT (SELECT min(t.key) FROM tags t WHERE t.key > k.key) FROM k WHERE k.key IS NOT NULL) "
            "SELECT key FROM k WHERE key IS NOT NULL");
        while (keys.step())
            context.tagKeys.insert(keys.text(0));
        sql::Statement projects(db, "SELECT name FROM projects");
        while (projects.step())
            context.projects.insert(projects.text(0));
    } catch (const sql::SqliteError& e) {
        return Error {e.what()};
    }
    return context;
}

} // namespace stackdeck::query
