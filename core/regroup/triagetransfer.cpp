#include "triagetransfer.h"

#include "store/issueactivity.h"

#include <QDateTime>

#include <algorithm>
#include <map>

namespace stackdeck::regroup {

OldIssues snapshotIssues(sql::Database& db)
{
    OldIssues out;
    sql::Statement st(
        db, "SELECT i.id, i.project_id, i.title, " + std::string(store::kIssueTriageColumns) + " FROM issues i");
    while (st.step())
        out.emplace(st.int64(0), OldIssue {st.int64(1), st.text(2), store::readIssueTriage(st, 3)});
    return out;
}

namespace {

struct ActivityRow {
    std::int64_t id = 0;
    std::int64_t issue = 0;
    std::string kind, text, author;
    std::int64_t createdAt = 0;
};

std::string issueList(const std::vector<std::pair<std::int64_t, std::int64_t>>& sources)
{
    std::string out;
    for (const auto& [issue, n] : sources) {
        if (!out.empty())
            out += ", ";
        out += "#" + std::to_string(issue);
    }
    return out;
}

} // namespace

std::int64_t transferTriage(sql::Database& db, const std::unordered_map<std::int64_t, PlanBuilder::Targets>& targets,
    const std::vector<std::int64_t>& groupIssue, const OldIssues& old)
{
    // New issue -> (old issue, events), largest first; targets are sorted that way already.
    std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> sources;
    for (const auto& [issue, list] : targets) {
        if (issue == 0)
            continue;
        for (const auto& [group, n] : list)
            sources[groupIssue[group]].emplace_back(issue, n);
    }
    for (auto& [issue, list] : sources) {
        std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
    }
    auto split = [&](std::int64_t oldIssue) {
        auto it = targets.find(oldIssue);
        return it != targets.end() && it->second.size() > 1;
    };

    // Triage from the largest source.
    std::int64_t restored = 0;
    sql::Statement triage(db,
        "UPDATE issues SET status = ?2, substatus = nullif(?3, ''), assignee = nullif(?4, ''), bookmarked = ?5 "
        "WHERE id = ?1");
    for (const auto& [issue, list] : sources) {
        auto it = old.find(list.front().first);
        if (it == old.end())
            continue;
        const store::IssueTriage& o = it->second.triage;
        if (!o.hasDecisions())
            continue;
        triage.reset();
        triage.bind(1, issue).bind(2, o.status).bind(3, o.substatus).bind(4, o.assignee).bind(5, o.bookmarked).run();
        restored += db.changes();
    }

    // Server ids to one part only (they are unique per project): the part that
    // kept the old id, else the largest.
    auto heir = [&](std::int64_t oldIssue) -> std::int64_t {
        auto it = targets.find(oldIssue);
        if (it == targets.end() || it->second.empty())
            return 0;
        for (const auto& [group, n] : it->second) {
            if (groupIssue[group] == oldIssue)
                return oldIssue;
        }
        return groupIssue[it->second.front().first];
    };
    sql::Statement server(db,
        "UPDATE issues SET server_id = coalesce(server_id, nullif(?2, '')), short_id = coalesce(short_id, nullif(?3, "
        "'')) WHERE id = ?1 AND (nullif(?2, '') IS NULL OR NOT EXISTS (SELECT 1 FROM issues o WHERE o.project_id = "
        "issues.project_id AND o.server_id = ?2))");
    for (const auto& [id, o] : old) {
        if (!o.triage.hasServerIdentity())
            continue;
        if (const std::int64_t to = heir(id)) {
            server.reset();
            server.bind(1, to).bind(2, o.triage.serverId).bind(3, o.triage.shortId).run();
        }
    }

    // The activity log follows the events.
    std::vector<ActivityRow> rows;
    {
        sql::Statement st(db,
            "SELECT id, issue_id, kind, coalesce(text, ''), coalesce(author, ''), created_at FROM issue_activity "
            "ORDER BY id");
        while (st.step())
            rows.push_back(ActivityRow {st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.int64(5)});
    }
    sql::Statement move(
        db, "UPDATE issue_activity SET issue_id = ?2, copied_from = coalesce(?3, copied_from) WHERE id = ?1");
    for (const ActivityRow& row : rows) {
        auto it = targets.find(row.issue);
        if (it == targets.end() || it->second.empty())
            continue;
        const PlanBuilder::Targets& parts = it->second;
        std::int64_t holder = 0; // the part the original row ends up in
        for (const auto& [group, n] : parts) {
            if (groupIssue[group] == row.issue)
                holder = row.issue;
        }
        if (holder == 0) {
            holder = groupIssue[parts.front().first];
            move.reset();
            move.bind(1, row.id).bind(2, holder);
            if (parts.size() > 1)
                move.bind(3, row.issue);
            else
                move.bindNull(3);
            move.run();
        }
        for (const auto& [group, n] : parts) {
            const std::int64_t part = groupIssue[group];
            if (part == holder)
                continue;
            store::IssueActivity copy;
            copy.issue = IssueId(part);
            copy.kind = row.kind;
            copy.text = row.text;
            copy.author = row.author;
            copy.createdAt = row.createdAt;
            copy.copiedFrom = IssueId(row.issue);
            store::addActivity(db, copy);
        }
    }

    // One entry per changed issue saying what happened.
    const std::int64_t now = static_cast<std::int64_t>(QDateTime::currentMSecsSinceEpoch()) * 1000;
    for (const auto& [issue, list] : sources) {
        std::vector<std::string> parts;
        if (list.size() > 1)
            parts.push_back("merged from " + issueList(list));
        for (const auto& [from, n] : list) {
            if (split(from))
                parts.push_back("split from #" + std::to_string(from));
        }
        if (parts.empty())
            continue;
        std::string text;
        for (const std::string& p : parts)
            text += (text.empty() ? "" : "; ") + p;
        store::IssueActivity entry;
        entry.issue = IssueId(issue);
        entry.kind = "regroup";
        entry.text = text;
        entry.author = "stackdeck";
        entry.createdAt = now;
        store::addActivity(db, entry);
    }
    return restored;
}

} // namespace stackdeck::regroup
