#pragma once

#include <string_view>

namespace stackdeck {

// The deepest bracket nesting of JSON text, counted outside strings, without
// parsing it (an upper bound for invalid text). Stops counting once it passes
// `stopAbove` and returns that depth: a cheap guard before handing untrusted
// text to a recursive parser.
int jsonNestingDepth(std::string_view text, int stopAbove = 1 << 30);

// True when `text` nests no deeper than `maxDepth`.
inline bool jsonWithinDepth(std::string_view text, int maxDepth)
{
    return jsonNestingDepth(text, maxDepth) <= maxDepth;
}

} // namespace stackdeck
