#include "triagetransfer.h"

#include "store/issueactivity.h"

#include <QDateTime>

#include <algorithm>
#include <functional>
#include <map>

namespace stackdeck::regroup {

OldState snapshotIssues(sql::Database& db)
{
    OldState out;
    for (store::IssueTriageRow& row : store::readAllIssueTriage(db))
        out.issues.emplace(row.id, OldIssue {row.project, std::move(row.title), std::move(row.triage)});
    out.parked = std::make_unique<store::ParkedIssues>(db);
    out.attachments = store::readIssueAttachments(db);
    return out;
}

namespace {

using Targets = std::unordered_map<std::int64_t, PlanBuilder::Targets>;

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

Sources sourcesOf(const Targets& targets, const std::vector<std::int64_t>& groupIssue)
{
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
    return sources;
}

// The part of an old issue that keeps what cannot be copied (its activity
// rows, notes, server identity): the part that kept the old id, else the
// largest. 0 when none of its events has an issue now.
std::int64_t holderOf(const Targets& targets, const std::vector<std::int64_t>& groupIssue, std::int64_t oldIssue)
{
    auto it = targets.find(oldIssue);
    if (it == targets.end() || it->second.empty())
        return 0;
    for (const auto& [group, n] : it->second) {
        if (groupIssue[group] == oldIssue)
            return oldIssue;
    }
    return groupIssue[it->second.front().first];
}

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

// The activity log follows the events: the holder keeps each row, every
// other part gets a copy marked copied_from.
void carryActivity(sql::Database& db, const Targets& targets, const std::vector<std::int64_t>& groupIssue)
{
    for (const store::IssueActivity& row : store::listAllActivity(db)) {
        const std::int64_t holder = holderOf(targets, groupIssue, row.issue.value);
        if (holder == 0)
            continue;
        const PlanBuilder::Targets& parts = targets.at(row.issue.value);
        if (holder != row.issue.value)
            store::moveActivity(
                db, row.id, IssueId(holder), parts.size() > 1 ? std::optional<IssueId>(row.issue) : std::nullopt);
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
}

// Labels go to every part; issue-level notes stay with the holder and are
// copied to the other parts. Read before anything moved (old.attachments),
// so a copy is never copied again.
void carryLabelsAndNotes(
    sql::Database& db, const Targets& targets, const std::vector<std::int64_t>& groupIssue, const OldState& old)
{
    for (const auto& [oldIssue, parts] : targets) {
        auto it = old.attachments.find(oldIssue);
        const std::int64_t holder = holderOf(targets, groupIssue, oldIssue);
        if (oldIssue == 0 || it == old.attachments.end() || holder == 0)
            continue;
        for (const auto& [group, n] : parts)
            store::addIssueLabels(db, groupIssue[group], it->second.labels);
        for (const std::int64_t note : it->second.notes) {
            for (const auto& [group, n] : parts) {
                if (groupIssue[group] != holder)
                    store::copyIssueNote(db, note, groupIssue[group]);
            }
            if (holder != oldIssue)
                store::moveIssueNote(db, note, holder);
        }
    }
    store::dropOrphanLabels(db);
}

} // namespace

std::int64_t transferTriage(
    sql::Database& db, const Targets& targets, const std::vector<std::int64_t>& groupIssue, OldState& old)
{
    const Sources sources = sourcesOf(targets, groupIssue);
    auto split = [&](std::int64_t oldIssue) {
        auto it = targets.find(oldIssue);
        return it != targets.end() && it->second.size() > 1;
    };

    // Every triage column from the largest source.
    std::int64_t restored = 0;
    for (const auto& [issue, list] : sources)
        restored += old.parked->carryTo(issue, list.front().first) ? 1 : 0;

    // Server ids to one part only (they are unique per project).
    for (const auto& [id, o] : old.issues) {
        if (!o.triage.hasServerIdentity())
            continue;
        if (const std::int64_t to = holderOf(targets, groupIssue, id))
            store::giveServerIdentity(db, to, o.triage.serverId, o.triage.shortId);
    }

    carryActivity(db, targets, groupIssue);
    carryLabelsAndNotes(db, targets, groupIssue, old);
    addRegroupEntries(db, sources, split);
    return restored;
}

} // namespace stackdeck::regroup
