#include "triagecarry.h"

namespace stackdeck::store {

std::vector<IssueTriageRow> readAllIssueTriage(sql::Database& db)
{
    std::vector<IssueTriageRow> out;
    sql::Statement st(db, "SELECT i.id, i.project_id, i.title, " + std::string(kIssueTriageColumns) + " FROM issues i");
    while (st.step())
        out.push_back(IssueTriageRow {st.int64(0), st.int64(1), st.text(2), readIssueTriage(st, 3)});
    return out;
}

bool writeIssueDecisions(sql::Database& db, std::int64_t issue, const IssueTriage& triage)
{
    auto& st = db.cached("UPDATE issues SET status = ?2, substatus = nullif(?3, ''), assignee = nullif(?4, ''), "
                         "bookmarked = ?5 WHERE id = ?1");
    st.bind(1, issue)
        .bind(2, triage.status)
        .bind(3, triage.substatus)
        .bind(4, triage.assignee)
        .bind(5, triage.bookmarked)
        .run();
    return db.changes() > 0;
}

void giveServerIdentity(sql::Database& db, std::int64_t issue, const std::string& serverId, const std::string& shortId)
{
    auto& st = db.cached(
        "UPDATE issues SET server_id = coalesce(server_id, nullif(?2, '')), short_id = coalesce(short_id, nullif(?3, "
        "'')) WHERE id = ?1 AND (nullif(?2, '') IS NULL OR NOT EXISTS (SELECT 1 FROM issues o WHERE o.project_id = "
        "issues.project_id AND o.server_id = ?2))");
    st.bind(1, issue).bind(2, serverId).bind(3, shortId).run();
}

std::vector<IssueActivity> listAllActivity(sql::Database& db)
{
    std::vector<IssueActivity> out;
    sql::Statement st(db,
        "SELECT id, issue_id, kind, coalesce(text, ''), coalesce(author, ''), created_at, copied_from "
        "FROM issue_activity ORDER BY id");
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

void moveActivity(sql::Database& db, std::int64_t entry, IssueId to, std::optional<IssueId> copiedFrom)
{
    auto& st
        = db.cached("UPDATE issue_activity SET issue_id = ?2, copied_from = coalesce(?3, copied_from) WHERE id = ?1");
    st.bind(1, entry).bind(2, to.value);
    if (copiedFrom)
        st.bind(3, copiedFrom->value);
    else
        st.bindNull(3);
    st.run();
}

} // namespace stackdeck::store
