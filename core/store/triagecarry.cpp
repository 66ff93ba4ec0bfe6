#include "triagecarry.h"

#include "issuecolumns.h"

#include <map>

namespace stackdeck::store {

namespace {

// Ignore baselines follow the issue's counts: a rebuilt issue with more or
// fewer events than the one it comes from has counted just as many since
// the ignore (core/triage/reevaluation.cpp compares count - baseline).
const std::map<std::string, std::string, std::less<>> kShiftedColumns = {
    {"ignore_base_events", "p.ignore_base_events + issues.event_count - p.event_count"},
    {"ignore_base_users", "p.ignore_base_users + issues.user_count - p.user_count"},
};

std::string carryStatement(sql::Database& db)
{
    std::string set, differs;
    for (const std::string& column : sharedColumns(db, "issues", "regroup_parked_issues")) {
        if (isDerivedIssueColumn(column) || isServerIdentityColumn(column))
            continue;
        const std::string c = quotedIdentifier(column);
        const auto shifted = kShiftedColumns.find(column);
        const std::string value = shifted != kShiftedColumns.end() ? "(" + shifted->second + ")" : "p." + c;
        set += (set.empty() ? "" : ", ") + c + " = " + value;
        differs += (differs.empty() ? "" : " OR ") + ("issues." + c) + " IS NOT " + value;
    }
    if (set.empty())
        return "SELECT 0 WHERE ?1 AND ?2"; // nothing to carry (no such schema has shipped)
    return "UPDATE issues SET " + set + " FROM temp.regroup_parked_issues p WHERE issues.id = ?1 AND p.id = ?2 AND ("
        + differs + ")";
}

sql::Statement parkAndPrepare(sql::Database& db)
{
    db.exec("DROP TABLE IF EXISTS temp.regroup_parked_issues; "
            "CREATE TEMP TABLE regroup_parked_issues AS SELECT * FROM main.issues; "
            "CREATE INDEX temp.regroup_parked_issues_id ON regroup_parked_issues(id)");
    return sql::Statement(db, carryStatement(db));
}

} // namespace

ParkedIssues::ParkedIssues(sql::Database& db)
    : m_db(db)
    , m_carry(parkAndPrepare(db))
{
}

bool ParkedIssues::carryTo(std::int64_t issue, std::int64_t from)
{
    m_carry.reset();
    m_carry.bind(1, issue).bind(2, from).run();
    return m_db.changes() > 0;
}

void ParkedIssues::drop()
{
    m_carry = sql::Statement();
    m_db.exec("DROP TABLE IF EXISTS temp.regroup_parked_issues");
}

std::unordered_map<std::int64_t, IssueAttachments> readIssueAttachments(sql::Database& db)
{
    std::unordered_map<std::int64_t, IssueAttachments> out;
    sql::Statement labels(db, "SELECT issue_id, label FROM issue_labels ORDER BY issue_id, label");
    while (labels.step())
        out[labels.int64(0)].labels.push_back(labels.text(1));
    sql::Statement notes(
        db, "SELECT issue_id, id FROM notes WHERE target = 'issue' AND issue_id IS NOT NULL ORDER BY id");
    while (notes.step())
        out[notes.int64(0)].notes.push_back(notes.int64(1));
    return out;
}

void addIssueLabels(sql::Database& db, std::int64_t issue, const std::vector<std::string>& labels)
{
    auto& st = db.cached("INSERT OR IGNORE INTO issue_labels(issue_id, label) VALUES(?1, ?2)");
    for (const std::string& label : labels) {
        st.bind(1, issue).bind(2, label).run();
        st.reset();
    }
}

void dropOrphanLabels(sql::Database& db)
{
    db.exec("DELETE FROM issue_labels WHERE issue_id NOT IN (SELECT id FROM issues)");
}

void moveIssueNote(sql::Database& db, std::int64_t note, std::int64_t issue)
{
    auto& st = db.cached("UPDATE notes SET issue_id = ?2 WHERE id = ?1 AND target = 'issue'");
    st.bind(1, note).bind(2, issue).run();
}

void copyIssueNote(sql::Database& db, std::int64_t note, std::int64_t issue)
{
    // Every column but the id and the issue, so a column added to notes is copied too.
    std::string columns;
    for (const std::string& column : sharedColumns(db, "notes", "notes")) {
        if (column != "id" && column != "issue_id")
            columns += ", " + quotedIdentifier(column);
    }
    sql::Statement copy(
        db, "INSERT INTO notes(issue_id" + columns + ") SELECT ?2" + columns + " FROM notes WHERE id = ?1");
    copy.bind(1, note).bind(2, issue).run();
    sql::Statement index(db, "INSERT INTO note_search(rowid, text) SELECT id, text FROM notes WHERE id = ?1");
    index.bind(1, db.lastInsertRowId()).run();
}

std::vector<IssueTriageRow> readAllIssueTriage(sql::Database& db)
{
    std::vector<IssueTriageRow> out;
    sql::Statement st(db, "SELECT i.id, i.project_id, i.title, " + std::string(kIssueTriageColumns) + " FROM issues i");
    while (st.step())
        out.push_back(IssueTriageRow {st.int64(0), st.int64(1), st.text(2), readIssueTriage(st, 3)});
    return out;
}

void giveServerIdentity(sql::Database& db, std::int64_t issue, const std::string& serverId, const std::string& shortId)
{
    auto& st = db.cached(
        "UPDATE issues SET server_id = coalesce(server_id, nullif(?2, '')), short_id = coalesce(short_id, nullif(?3, "
        "'')) WHERE id = ?1 AND (nullif(?2, '') IS NULL OR NOT EXISTS (SELECT 1 FROM issues o WHERE o.project_id = "
        "issues.project_id AND o.server_id = ?2))");
    st.bind(1, issue).bind(2, serverId).bind(3, shortId).run();
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
