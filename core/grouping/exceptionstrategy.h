#pragma once

#include "groupingcontext.h"

namespace stackdeck::grouping {

// `single-exception:v1`: per variant an `exception` component over
// stacktrace, type, ns-error and value, in that (legacy) order (§6.1).
VariantComponents singleExceptionVariants(GroupingContext& ctx, std::size_t index);

// `chained-exception:v1` (score 2000): every exception of the event, the
// exception-group filter, then one `chained-exception` per variant (§6.2).
VariantComponents chainedExceptionStrategy(GroupingContext& ctx);

} // namespace stackdeck::grouping
