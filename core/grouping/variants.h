#pragma once

#include "groupingcontext.h"

#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// A component variant's root: `system`, `app` or `default`.
struct ComponentVariant {
    std::string_view name;
    ComponentTree::NodeId root;
};

// Runs every strategy in score order, applies precedence (the first strategy
// with a contributing component wins; later contributing components are
// switched off with a "... takes precedence" hint) and builds one root per
// variant name in first-seen order (docs/grouping-algorithm.md §5.2).
std::vector<ComponentVariant> computeComponentVariants(GroupingContext& ctx);

} // namespace stackdeck::grouping
