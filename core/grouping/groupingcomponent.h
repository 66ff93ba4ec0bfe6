#pragma once

#include <string>
#include <variant>
#include <vector>

namespace stackdeck::grouping {

// One node of a grouping component tree as Sentry prints it: an id such as
// `frame` or `function`, whether it contributes to the hash, a human hint,
// and ordered values that are leaf strings or child components. Leaves that
// Sentry keeps as numbers (an NSError code) are held as their Python str().
struct GroupingComponent {
    using Value = std::variant<std::string, GroupingComponent>;

    std::string id;
    bool contributes = false;
    std::string hint;
    std::vector<Value> values;

    bool operator==(const GroupingComponent&) const = default;
};

// The leaves that go into the hash: depth first, skipping every subtree whose
// root does not contribute.
void collectContributingValues(const GroupingComponent& component, std::vector<std::string>& out);

} // namespace stackdeck::grouping
