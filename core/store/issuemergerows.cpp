#include "issuemergerows.h"

#include "tagcounts.h"

#include <algorithm>

namespace stackdeck::store {

std::vector<MergeIssueRow> readMergeIssues(sql::Database& db, const std::vector<std::int64_t>& ids)
{
    std::vector<MergeIssueRow> out;
    sql::Statement st(db, "SELECT id, project_id, primary_hash FROM issues WHERE id = ?1");
    for (const std::int64_t id : ids) {
        st.reset();
        st.bind(1, id);
        if (st.step())
            out.push_back({st.int64(0), st.int64(1), st.text(2)});
    }
    return out;
}

std::vector<std::pair<std::int64_t, std::string>> eventRowsOf(
    sql::Database& db, const std::vector<std::int64_t>& issues)
{
    std::vector<std::pair<std::int64_t, std::string>> out;
    sql::Statement st(db, "SELECT id, coalesce(primary_hash, '') FROM events WHERE issue_id = ?1");
    for (const std::int64_t issue : issues) {
        st.reset();
        st.bind(1, issue);
        while (st.step())
            out.emplace_back(st.int64(0), st.text(1));
    }
    std::sort(out.begin(), out.end());
    return out;
}

void moveToMergeTarget(
    sql::Database& db, std::int64_t target, const std::vector<std::int64_t>& sources, std::int64_t now)
{
    sql::Statement remember(db,
        "INSERT INTO issue_merges(target_id, source_id, project_id, hash, merged_at) "
        "SELECT ?1, issue_id, project_id, hash, ?3 FROM issue_hashes WHERE issue_id = ?2");
    sql::Statement hashes(db, "UPDATE issue_hashes SET issue_id = ?1 WHERE issue_id = ?2");
    // What an earlier merge brought into a source now came into the target.
    sql::Statement earlier(db, "UPDATE issue_merges SET target_id = ?1 WHERE target_id = ?2");
    sql::Statement notes(db, "UPDATE notes SET issue_id = ?1 WHERE issue_id = ?2");
    sql::Statement labels(db,
        "INSERT OR IGNORE INTO issue_labels(issue_id, label) SELECT ?1, label FROM issue_labels WHERE issue_id = ?2");
    sql::Statement dropLabels(db, "DELETE FROM issue_labels WHERE issue_id = ?1");
    sql::Statement activity(
        db, "UPDATE issue_activity SET issue_id = ?1, copied_from = coalesce(copied_from, ?2) WHERE issue_id = ?2");
    for (const std::int64_t s : sources) {
        earlier.reset();
        earlier.bind(1, target).bind(2, s).run();
        remember.reset();
        remember.bind(1, target).bind(2, s).bind(3, now).run();
        for (sql::Statement* st : {&hashes, &notes, &labels, &activity}) {
            st->reset();
            st->bind(1, target).bind(2, s).run();
        }
        dropLabels.reset();
        dropLabels.bind(1, s).run();
    }
}

std::map<std::string, std::int64_t> mergedHashes(sql::Database& db, std::int64_t target)
{
    std::map<std::string, std::int64_t> out;
    sql::Statement st(db, "SELECT hash, source_id FROM issue_merges WHERE target_id = ?1");
    st.bind(1, target);
    while (st.step())
        out.emplace(st.text(0), st.int64(1));
    return out;
}

void forgetMerges(sql::Database& db, std::int64_t target)
{
    sql::Statement st(db, "DELETE FROM issue_merges WHERE target_id = ?1");
    st.bind(1, target).run();
}

void moveHashes(sql::Database& db, std::int64_t project, const std::vector<std::string>& hashes, std::int64_t issue)
{
    sql::Statement st(db,
        "INSERT INTO issue_hashes(project_id, hash, issue_id) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(project_id, hash) DO UPDATE SET issue_id = excluded.issue_id");
    for (const std::string& h : hashes) {
        st.reset();
        st.bind(1, project).bind(2, h).bind(3, issue).run();
    }
}

void resetIssueAggregates(sql::Database& db, std::int64_t issue)
{
    // Deferred tag counts first: the events derived again after this must not be counted twice.
    catchUpTagCounts(db);
    sql::Statement stale(db,
        "INSERT OR REPLACE INTO search_stale(issue_id, below) SELECT id, search_rows FROM issues WHERE id = ?1 AND "
        "search_rows > 0");
    stale.bind(1, issue).run();
    for (const char* table : {"issue_tags", "issue_users", "issue_hourly", "issue_texts"}) {
        sql::Statement st(db, "DELETE FROM " + std::string(table) + " WHERE issue_id = ?1");
        st.bind(1, issue).run();
    }
    // The aggregate update (issueaggregates.cpp) takes min/max against these.
    sql::Statement reset(db,
        "UPDATE issues SET event_count = 0, user_count = 0, first_seen = 9223372036854775807, "
        "last_seen = -9223372036854775807, title_ts = -9223372036854775807, first_release = NULL, "
        "last_release = NULL WHERE id = ?1");
    reset.bind(1, issue).run();
}

std::int64_t nextUnusedIssueId(sql::Database& db)
{
    sql::Statement st(db,
        "SELECT max(coalesce((SELECT max(id) FROM issues), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'issue_id_high_water'), 0)) + 1");
    st.step();
    return st.int64(0);
}

void rememberIssueIds(sql::Database& db, const std::vector<std::int64_t>& removed)
{
    if (removed.empty())
        return;
    const std::int64_t high = std::max(nextUnusedIssueId(db) - 1, *std::max_element(removed.begin(), removed.end()));
    sql::Statement st(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('issue_id_high_water', ?1)");
    st.bind(1, std::to_string(high)).run();
}

} // namespace stackdeck::store
