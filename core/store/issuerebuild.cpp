#include "issuerebuild.h"

#include "reindexparking.h"
#include "tagcounts.h"

#include <algorithm>

namespace stackdeck::store {

namespace {
std::int64_t scalar(sql::Database& db, const char* query)
{
    sql::Statement st(db, query);
    st.step();
    return st.int64(0);
}
} // namespace

std::int64_t maxIssueId(sql::Database& db)
{
    return scalar(db, "SELECT coalesce(max(id), 0) FROM issues");
}

std::int64_t issueCount(sql::Database& db)
{
    return scalar(db, "SELECT count(*) FROM issues");
}

std::string issueTitle(sql::Database& db, std::int64_t issue)
{
    auto& st = db.cached("SELECT title FROM issues WHERE id = ?1");
    st.bind(1, issue);
    std::string title = st.step() ? st.text(0) : std::string();
    st.reset();
    return title;
}

void deleteIssuesAndDerivedRows(sql::Database& db, const std::unordered_set<std::int64_t>& issues)
{
    // Deferred tag counts first: the events derived again below must not be counted twice.
    catchUpTagCounts(db);
    if (!issues.empty()) // a deleted id is never given to another issue
        raiseIssueIdHighWater(db, *std::max_element(issues.begin(), issues.end()));
    db.exec("CREATE TEMP TABLE regroup_affected(id INTEGER PRIMARY KEY)");
    {
        sql::Statement add(db, "INSERT INTO regroup_affected(id) VALUES(?1)");
        for (const std::int64_t id : issues) {
            add.reset();
            add.bind(1, id).run();
        }
    }
    db.exec("INSERT OR REPLACE INTO search_stale(issue_id, below) "
            "SELECT id, search_rows FROM issues WHERE id IN regroup_affected AND search_rows > 0; "
            "DELETE FROM issue_hashes WHERE issue_id IN regroup_affected; "
            "DELETE FROM issue_tags WHERE issue_id IN regroup_affected; "
            "DELETE FROM issue_users WHERE issue_id IN regroup_affected; "
            "DELETE FROM issue_hourly WHERE issue_id IN regroup_affected; "
            "DELETE FROM issue_texts WHERE issue_id IN regroup_affected; "
            "UPDATE events SET issue_id = NULL WHERE issue_id IN regroup_affected; "
            "DELETE FROM issues WHERE id IN regroup_affected; "
            "DROP TABLE regroup_affected");
}

void detachEventsFromIssues(sql::Database& db, const std::vector<std::int64_t>& eventRows)
{
    sql::Statement orphan(db, "UPDATE events SET issue_id = NULL WHERE id = ?1");
    for (const std::int64_t row : eventRows) {
        orphan.reset();
        orphan.bind(1, row).run();
    }
}

HashOwnerWriter::HashOwnerWriter(sql::Database& db)
    : m_upsert(db,
        "INSERT INTO issue_hashes(project_id, hash, issue_id) VALUES(?1, ?2, ?3) ON CONFLICT(project_id, hash) DO "
        "UPDATE SET issue_id = excluded.issue_id WHERE issue_id <> excluded.issue_id")
{
}

void HashOwnerWriter::set(std::int64_t project, const std::string& hash, std::int64_t issue)
{
    m_upsert.reset();
    m_upsert.bind(1, project).bind(2, hash).bind(3, issue).run();
}

} // namespace stackdeck::store
