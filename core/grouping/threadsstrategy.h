#pragma once

#include "groupingcontext.h"

namespace stackdeck::grouping {

// `threads:v1` (score 1900): the one crashed thread, else the one current
// thread, else the only thread, wrapped as `threads` -> `stacktrace` (§6.4).
VariantComponents threadsStrategy(GroupingContext& ctx);

} // namespace stackdeck::grouping
