#pragma once

#include "groupingcontext.h"

#include <optional>
#include <vector>

namespace stackdeck::grouping {

// Sentry RFC 0079 exception-group filter (newstyle.py
// `filter_exceptions_for_exception_groups`, docs/grouping-algorithm.md §6.3).
// Returns the indices of the exceptions to group by, in the order upstream
// produces them. Every upstream failure mode (missing ids, no root, cycles)
// falls back to all exceptions, as the server's `except` does.
struct ExceptionGroupSelection {
    std::vector<std::size_t> kept;
    std::optional<std::size_t> main; // the one distinct top-level exception, when there is one
};
ExceptionGroupSelection filterExceptionGroups(
    const Event& event, const std::vector<VariantComponents>& components, const ComponentTree& tree);

// `determine_main_exception_id`: React 19 errors whose cause is the real error.
std::optional<std::size_t> mainExceptionByCause(const Event& event, const std::vector<std::size_t>& kept);

} // namespace stackdeck::grouping
