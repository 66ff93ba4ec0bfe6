#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stackdeck {

// Repairs for input that is almost JSON. They run only after a parse failed,
// so well-formed input never pays for them.

// Old Python clients write NaN, Infinity and -Infinity, which are not JSON.
// Copies `in` to `out` with those tokens (outside strings) replaced by null.
// Returns false when there was nothing to replace.
bool replaceNonFiniteNumbers(std::string_view in, std::string& out);

struct SanitizeReport {
    std::size_t nonFinite = 0; // NaN / Infinity / -Infinity -> null
    std::size_t bigIntegers = 0; // integers beyond 64 bits -> the same digits as a float
    std::size_t overflowFloats = 0; // floats beyond double range -> null
    std::size_t loneSurrogates = 0; // \ud800 without its pair -> \ufffd
    std::size_t total() const { return nonFinite + bigIntegers + overflowFloats + loneSurrogates; }
    std::string describe() const;
};

// All token-level repairs in one pass: the non-finite numbers above, integers
// too large for 64 bits (Python writes arbitrary precision; serde_json, like
// Relay, reads them as floats), floats that overflow a double, and lone UTF-16
// surrogate escapes (Python's json.dumps writes them for undecodable text).
SanitizeReport sanitizeJsonTokens(std::string_view in, std::string& out);

// Replaces every byte that is not part of a valid UTF-8 sequence by U+FFFD.
// Returns the offset of the first bad byte, or npos when `in` was valid (out untouched).
std::size_t repairUtf8(std::string_view in, std::string& out, std::size_t* replaced = nullptr);

} // namespace stackdeck
