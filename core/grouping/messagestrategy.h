#pragma once

#include "groupingcontext.h"

namespace stackdeck::grouping {

// `message:v1` (score 0): the log entry's template, else its formatted text,
// trimmed and parameterized (docs/grouping-algorithm.md §9).
VariantComponents messageStrategy(GroupingContext& ctx);

// `template:v1` (score 1100): template filename and context line (§13).
VariantComponents templateStrategy(GroupingContext& ctx);

} // namespace stackdeck::grouping
