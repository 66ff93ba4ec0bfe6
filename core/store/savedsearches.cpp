#include "savedsearches.h"

#include "localuser.h"

namespace stackdeck::store {

Result<std::int64_t> saveSearch(sql::Database& db, const std::string& name, const std::string& query)
{
    if (name.empty())
        return Error {"a saved search needs a name"};
    try {
        sql::Statement st(db,
            "INSERT INTO saved_searches(name, query, position, created_at) VALUES(?1, ?2, "
            "(SELECT coalesce(max(position), 0) + 1 FROM saved_searches), ?3) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query RETURNING id");
        st.bind(1, name).bind(2, query).bind(3, nowMicros());
        st.step();
        const std::int64_t id = st.int64(0);
        st.reset();
        return id;
    } catch (const std::exception& e) {
        return Error {std::string("saving the search failed: ") + e.what()};
    }
}

Result<Ok> removeSavedSearch(sql::Database& db, std::int64_t id)
{
    try {
        sql::Statement st(db, "DELETE FROM saved_searches WHERE id = ?1");
        st.bind(1, id).run();
        return Ok {};
    } catch (const std::exception& e) {
        return Error {std::string("removing the saved search failed: ") + e.what()};
    }
}

Result<Ok> renameSavedSearch(sql::Database& db, std::int64_t id, const std::string& name)
{
    if (name.empty())
        return Error {"a saved search needs a name"};
    try {
        sql::Statement st(db, "UPDATE saved_searches SET name = ?2 WHERE id = ?1");
        st.bind(1, id).bind(2, name).run();
        return Ok {};
    } catch (const std::exception& e) {
        return Error {std::string("renaming the saved search failed: ") + e.what()};
    }
}

Result<Ok> setSavedSearchNotify(sql::Database& db, std::int64_t id, bool notify)
{
    try {
        sql::Statement st(db, "UPDATE saved_searches SET notify = ?2 WHERE id = ?1");
        st.bind(1, id).bind(2, notify ? 1 : 0).run();
        if (db.changes() == 0)
            return Error {"no saved search " + std::to_string(id)};
        return Ok {};
    } catch (const std::exception& e) {
        return Error {std::string("changing the saved search failed: ") + e.what()};
    }
}

std::vector<SavedSearch> savedSearches(sql::Database& db)
{
    std::vector<SavedSearch> out;
    sql::Statement st(db, "SELECT id, name, query, position, notify FROM saved_searches ORDER BY position, id");
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4) != 0});
    return out;
}

} // namespace stackdeck::store
