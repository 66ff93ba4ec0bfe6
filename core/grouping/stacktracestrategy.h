#pragma once

#include "groupingcontext.h"

namespace stackdeck::grouping {

// `stacktrace:v1` for one stack trace: the `system` (mandatory) and `app`
// stacktrace components, frames built once and shared by both variants
// (docs/grouping-algorithm.md §6.6).
VariantComponents stacktraceVariants(GroupingContext& ctx, GroupingStacktrace& stacktrace);

// Post-processing every stack trace based top-level strategy does (§5.3, §5.4):
// a non-contributing mandatory `system` silences `app`, an `app` equal to
// `system` is dropped, and variants without a contributing stacktrace lose to
// those with one.
void finishStacktraceStrategy(ComponentTree& tree, VariantComponents& variants);

// The top-level `stacktrace` strategy (score 1800), for events whose stack
// trace is not inside an exception.
VariantComponents stacktraceStrategy(GroupingContext& ctx);

} // namespace stackdeck::grouping
