#pragma once

#include <string>
#include <string_view>

namespace stackdeck {

// Old Python clients write NaN, Infinity and -Infinity, which are not JSON.
// Copies `in` to `out` with those tokens (outside strings) replaced by null.
// Returns false when there was nothing to replace.
bool replaceNonFiniteNumbers(std::string_view in, std::string& out);

} // namespace stackdeck
