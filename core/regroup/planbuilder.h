#pragma once

#include "regroupplan.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stackdeck::regroup {

// Counts, per existing issue, how many of its events go to which group, and
// turns the counts into a RegroupPlan. Memory: one entry per (issue, group)
// pair, nothing per event.
class PlanBuilder {
public:
    using Targets = std::vector<std::pair<std::uint32_t, std::int64_t>>; // group -> events

    // `primaryHash` names the group the first time it is seen.
    void add(IssueId from, std::uint32_t group, const std::string& primaryHash);
    void addFailed() { ++m_failed; }

    // Groups by old issue, largest share first (after finish()).
    const std::unordered_map<std::int64_t, Targets>& targets() const { return m_targets; }
    std::size_t groupCount() const { return m_primary.size(); }

    // `title` looks up an existing issue's title.
    RegroupPlan finish(const std::function<std::string(IssueId)>& title);

private:
    std::unordered_map<std::int64_t, Targets> m_targets; // 0: events that had no issue
    std::vector<std::string> m_primary;
    std::vector<std::int64_t> m_groupEvents;
    std::int64_t m_events = 0;
    std::int64_t m_failed = 0;
};

// "split", "merged", "split+merged", "unchanged"
const char* changeName(IssueChange change);

} // namespace stackdeck::regroup
