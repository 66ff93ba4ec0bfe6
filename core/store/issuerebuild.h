#pragma once

#include "sqlite.h"

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace stackdeck::store {

// What a regroup does to the issue tables besides writing events again
// (eventwriter.h): the statements of core/regroup, by what they do.

std::int64_t maxIssueId(sql::Database& db); // 0 when there are no issues
std::int64_t issueCount(sql::Database& db);
std::string issueTitle(sql::Database& db, std::int64_t issue); // empty when there is no such issue

// The issues and everything derived from them, gone; their events keep their
// rows and lose their issue. Their search rows are marked stale (the
// contentless index cannot delete them), so a reused id numbers its rows after them.
// Their ids count as given out (meta issue_id_high_water): no other issue gets one.
void deleteIssuesAndDerivedRows(sql::Database& db, const std::unordered_set<std::int64_t>& issues);

// Events that keep their row but belong to no issue (their stored original no longer decodes).
void detachEventsFromIssues(sql::Database& db, const std::vector<std::int64_t>& eventRows);

// issue_hashes rows set one by one: the hash now belongs to the issue.
class HashOwnerWriter {
public:
    explicit HashOwnerWriter(sql::Database& db);
    void set(std::int64_t project, const std::string& hash, std::int64_t issue);

private:
    sql::Statement m_upsert;
};

} // namespace stackdeck::store
