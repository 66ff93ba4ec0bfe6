#include "planbuilder.h"

#include <algorithm>

namespace stackdeck::regroup {

const char* changeName(IssueChange change)
{
    switch (change) {
    case IssueChange::Split:
        return "split";
    case IssueChange::Merged:
        return "merged";
    case IssueChange::SplitAndMerged:
        return "split+merged";
    case IssueChange::Unchanged:
        break;
    }
    return "unchanged";
}

void PlanBuilder::add(IssueId from, std::uint32_t group, const std::string& primaryHash)
{
    ++m_events;
    if (group >= m_primary.size()) {
        m_primary.resize(group + 1);
        m_groupEvents.resize(group + 1, 0);
        m_primary[group] = primaryHash;
    }
    ++m_groupEvents[group];
    Targets& targets = m_targets[from.value];
    for (auto& [g, n] : targets) {
        if (g == group) {
            ++n;
            return;
        }
    }
    targets.emplace_back(group, 1);
}

RegroupPlan PlanBuilder::finish(const std::function<std::string(IssueId)>& title)
{
    RegroupPlan plan;
    plan.events = m_events;
    plan.failed = m_failed;
    plan.groupsAfter = static_cast<std::int64_t>(m_primary.size());

    // Which old issues feed each group (issue 0 = events that had none: they
    // make a group new, not an issue merged).
    std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> sources(m_primary.size());
    for (auto& [issue, targets] : m_targets) {
        std::sort(targets.begin(), targets.end(),
            [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
        if (issue == 0)
            continue;
        for (const auto& [group, n] : targets)
            sources[group].emplace_back(issue, n);
    }

    for (const auto& [issue, targets] : m_targets) {
        if (issue == 0)
            continue;
        ++plan.issuesBefore;
        const bool split = targets.size() > 1;
        bool merged = false;
        std::int64_t events = 0;
        for (const auto& [group, n] : targets) {
            events += n;
            merged = merged || sources[group].size() > 1;
        }
        if (!split && !merged) {
            ++plan.unchanged;
            continue;
        }
        plan.split += split ? 1 : 0;
        plan.merged += merged ? 1 : 0;
        AffectedIssue a;
        a.id = IssueId(issue);
        a.events = events;
        a.change = split && merged ? IssueChange::SplitAndMerged : split ? IssueChange::Split : IssueChange::Merged;
        plan.affected.push_back(std::move(a));
    }
    std::sort(plan.affected.begin(), plan.affected.end(), [](const AffectedIssue& x, const AffectedIssue& y) {
        return x.events != y.events ? x.events > y.events : x.id < y.id;
    });
    // Groups numbered in the order the affected issues list them: the same plan twice reads the same.
    std::vector<std::size_t> groupIndex(m_primary.size(), SIZE_MAX);
    for (AffectedIssue& a : plan.affected) {
        for (const auto& [group, n] : m_targets[a.id.value]) {
            if (groupIndex[group] == SIZE_MAX) {
                groupIndex[group] = plan.groups.size();
                PlannedGroup g;
                g.primaryHash = m_primary[group];
                g.events = m_groupEvents[group];
                auto from = sources[group];
                std::sort(from.begin(), from.end(), [](const auto& x, const auto& y) {
                    return x.second != y.second ? x.second > y.second : x.first < y.first;
                });
                for (const auto& [source, count] : from)
                    g.from.emplace_back(IssueId(source), count);
                plan.groups.push_back(std::move(g));
            }
            a.groups.push_back(groupIndex[group]);
        }
    }
    for (AffectedIssue& a : plan.affected)
        a.title = title(a.id);
    return plan;
}

} // namespace stackdeck::regroup
