#include "triagetransfer.h"

#include "store/issueactivity.h"
#include "store/triagecarry.h"

#include <QDateTime>

#include <algorithm>
#include <functional>
#include <map>

namespace stackdeck::regroup {

OldIssues snapshotIssues(sql::Database& db)
{
    OldIssues out;
    for (store::IssueTriageRow& row : store::readAllIssueTriage(db))
        out.emplace(row.id, OldIssue {row.project, std::move(row.title), std::move(row.triage)});
    return out;
}

namespace {

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

// New issue -> (old issue, events it got from it), largest first.
using Sources = std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>>;

// One entry per changed issue saying what happened.
void addRegroupEntries(sql::Database& db, const Sources& sources, const std::function<bool(std::int64_t)>& split)
{
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
}

} // namespace

std::int64_t transferTriage(sql::Database& db, const std::unordered_map<std::int64_t, PlanBuilder::Targets>& targets,
    const std::vector<std::int64_t>& groupIssue, const OldIssues& old)
{
    // New issue -> (old issue, events), largest first; targets are sorted that way already.
    Sources sources;
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
    for (const auto& [issue, list] : sources) {
        auto it = old.find(list.front().first);
        if (it == old.end())
            continue;
        const store::IssueTriage& o = it->second.triage;
        if (!o.hasDecisions())
            continue;
        restored += store::writeIssueDecisions(db, issue, o) ? 1 : 0;
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
    for (const auto& [id, o] : old) {
        if (!o.triage.hasServerIdentity())
            continue;
        if (const std::int64_t to = heir(id))
            store::giveServerIdentity(db, to, o.triage.serverId, o.triage.shortId);
    }

    // The activity log follows the events.
    for (const store::IssueActivity& row : store::listAllActivity(db)) {
        auto it = targets.find(row.issue.value);
        if (it == targets.end() || it->second.empty())
            continue;
        const PlanBuilder::Targets& parts = it->second;
        std::int64_t holder = 0; // the part the original row ends up in
        for (const auto& [group, n] : parts) {
            if (groupIssue[group] == row.issue.value)
                holder = row.issue.value;
        }
        if (holder == 0) {
            holder = groupIssue[parts.front().first];
            store::moveActivity(
                db, row.id, IssueId(holder), parts.size() > 1 ? std::optional<IssueId>(row.issue) : std::nullopt);
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
            copy.copiedFrom = row.issue;
            store::addActivity(db, copy);
        }
    }

    addRegroupEntries(db, sources, split);
    return restored;
}

} // namespace stackdeck::regroup
