#pragma once

#include "groupingcontext.h"

#include <string>
#include <string_view>

namespace stackdeck::grouping {

// `csp:v1` (score 1003): effective directive as salt, local script
// violation or the normalised blocked URI (docs/grouping-algorithm.md §13).
VariantComponents cspStrategy(GroupingContext& ctx);
// `hpkp:v1` (1002), `expect-staple:v1` (1001), `expect-ct:v1` (1000).
VariantComponents hpkpStrategy(GroupingContext& ctx);
VariantComponents expectStapleStrategy(GroupingContext& ctx);
VariantComponents expectCtStrategy(GroupingContext& ctx);

// Sentry's `Csp._normalize_uri` (Python urlsplit/urlunsplit semantics).
std::string normalizeCspUri(std::string_view uri);

} // namespace stackdeck::grouping
