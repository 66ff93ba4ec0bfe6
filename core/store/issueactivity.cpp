#include "issueactivity.h"

#include <QDateTime>

namespace stackdeck::store {

std::int64_t addActivity(sql::Database& db, const IssueActivity& entry)
{
    auto& insert = db.cached("INSERT INTO issue_activity(issue_id, kind, text, author, created_at, copied_from) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, entry.issue.value)
        .bind(2, entry.kind)
        .bindOrNull(3, entry.text)
        .bindOrNull(4, entry.author)
        .bind(5,
            entry.createdAt != 0 ? entry.createdAt
                                 : static_cast<std::int64_t>(QDateTime::currentMSecsSinceEpoch()) * 1000);
    if (entry.copiedFrom)
        insert.bind(6, entry.copiedFrom->value);
    else
        insert.bindNull(6);
    insert.run();
    return db.lastInsertRowId();
}

namespace {

constexpr const char* kActivityColumns
    = "SELECT id, issue_id, kind, coalesce(text, ''), coalesce(author, ''), created_at, copied_from "
      "FROM issue_activity ";

std::vector<IssueActivity> readActivity(sql::Statement& st)
{
    std::vector<IssueActivity> out;
    while (st.step()) {
        IssueActivity a;
        a.id = st.int64(0);
        a.issue = IssueId(st.int64(1));
        a.kind = st.text(2);
        a.text = st.text(3);
        a.author = st.text(4);
        a.createdAt = st.int64(5);
        if (!st.isNull(6))
            a.copiedFrom = IssueId(st.int64(6));
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace

std::vector<IssueActivity> listActivity(sql::Database& db, IssueId issue)
{
    sql::Statement st(db, std::string(kActivityColumns) + "WHERE issue_id = ?1 ORDER BY created_at, id");
    st.bind(1, issue.value);
    return readActivity(st);
}

std::vector<IssueActivity> listAllActivity(sql::Database& db)
{
    sql::Statement st(db, std::string(kActivityColumns) + "ORDER BY id");
    return readActivity(st);
}

} // namespace stackdeck::store
