#pragma once

#include "groupingcontext.h"

#include <vector>

namespace stackdeck::grouping {

// Sentry RFC 0079 exception-group filter (newstyle.py
// `filter_exceptions_for_exception_groups`, docs/grouping-algorithm.md §6.3).
// Returns the indices of the exceptions to group by, in the order upstream
// produces them. Every upstream failure mode (missing ids, no root, cycles)
// falls back to all exceptions, as the server's `except` does.
std::vector<std::size_t> filterExceptionGroups(const Event& event, const std::vector<VariantComponents>& components,
    const ComponentTree& tree);

} // namespace stackdeck::grouping
