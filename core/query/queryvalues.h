#pragma once

#include "model/timestamp.h"
#include "querylexer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stackdeck::query {

// A half-open time range [from, to); a missing side is unbounded.
struct TimeRange {
    std::optional<Micros> from;
    std::optional<Micros> to;

    bool operator==(const TimeRange&) const = default;
};

// `-24h` (within the last 24 hours), `+7d` (longer ago than 7 days), units
// s m h d w; or an ISO date / date-time in UTC, which names the day, minute or
// second it spells (`2024-05-01` is that whole day). A comparison applies to
// that instant or span: `>-7d` after now-7d, `<2024-05-01` before that day,
// `<=2024-05-01` up to its end.
std::optional<TimeRange> parseTimeValue(std::string_view text, Comparison comparison, Micros now);

// A non-negative count: `10`, `5k`, `2m` (thousands, millions).
std::optional<std::int64_t> parseCount(std::string_view text);

// Values may hold `*` wildcards; `\*` is a literal asterisk.
bool hasWildcard(std::string_view value);
std::string literalValue(std::string_view value); // `\*` -> `*`
std::string globPattern(std::string_view value); // for SQLite GLOB (case-sensitive)
std::string likeContainsPattern(std::string_view value); // `%value%` for LIKE ... ESCAPE '\' (ASCII case-insensitive)

// Whether FTS5's unicode61 tokenizer finds any token in the text (a letter or
// digit, or any non-ASCII character); `*`, `^` or `--` alone search for nothing.
bool hasSearchableText(std::string_view text);

// `text` as one FTS5 string: in double quotes with quotes doubled, so no FTS
// syntax (NEAR, col:, *, ^, AND/OR/NOT) can leak from user input.
std::string ftsString(std::string_view text);

} // namespace stackdeck::query
