#include "reportqueries.h"

#include "issuequeries.h"

namespace stackdeck::store {

Result<std::vector<IssueId>> issueIdsMatching(sql::Database& db, const SqlFilter& filter, std::int64_t limit)
{
    std::string sql = "SELECT i.id FROM issues i";
    if (!filter.isEmpty())
        sql += " WHERE " + filter.where;
    sql += " ORDER BY i.last_seen DESC, i.id DESC";
    if (limit > 0)
        sql += " LIMIT ?" + std::to_string(filter.params.size() + 1);
    std::vector<IssueId> out;
    try {
        sql::Statement st(db, sql);
        int index = 1;
        for (const SqlValue& v : filter.params)
            bindValue(st, index++, v);
        if (limit > 0)
            st.bind(index, limit);
        while (st.step())
            out.emplace_back(st.int64(0));
    } catch (const sql::SqliteError& e) {
        return Error {std::string("listing the issues of the report: ") + e.what()};
    }
    return out;
}

Result<std::vector<IssueId>> existingIssueIds(sql::Database& db, const std::vector<IssueId>& ids)
{
    std::vector<IssueId> out;
    try {
        auto& st = db.cached("SELECT 1 FROM issues WHERE id = ?1");
        for (IssueId id : ids) {
            st.reset();
            st.bind(1, id.value);
            if (st.step())
                out.push_back(id);
        }
    } catch (const sql::SqliteError& e) {
        return Error {std::string("looking up issues: ") + e.what()};
    }
    return out;
}

} // namespace stackdeck::store
