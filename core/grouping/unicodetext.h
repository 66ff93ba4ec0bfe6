#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stackdeck::grouping::text {

// Small UTF-8 helpers with Python `str` semantics, so that code ported from
// Sentry's Python counts and classifies characters the way Python does.

// Decodes the scalar at `i`; malformed bytes decode as themselves, length 1.
char32_t decode(std::string_view s, std::size_t i, std::size_t& length);
// Python `str.isspace()` for one code point.
bool isSpace(char32_t c);
bool isAscii(std::string_view s);
// Python `len()`: the number of code points.
std::size_t codePointCount(std::string_view s);
// Python `str.strip()` without arguments.
std::string_view strip(std::string_view s);
std::string_view rstrip(std::string_view s);
// Python `str.split()` without arguments, re-joined with single spaces.
std::string collapseWhitespace(std::string_view s);
// The same written to `out` (at least s.size() bytes); returns the length.
// `ascii`, when given, tells whether `s` was plain ASCII (so len() == size()).
std::size_t collapseWhitespaceInto(std::string_view s, char* out, bool* ascii = nullptr);
// True when collapseWhitespace(s) == s (checked without allocating).
bool isCollapsed(std::string_view s);
bool isAsciiWordChar(unsigned char c);
std::string asciiLower(std::string_view s);

} // namespace stackdeck::grouping::text
