#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stackdeck::grouping {

// Sentry's message parameterizer (src/sentry/grouping/parameterization.py,
// the pattern set of getsentry/sentry@caa56edf that matches the
// `newstyle:2023-01-11` snapshots): one alternation of email, url, hostname,
// ip, uuid, sha1, md5, date, duration, hex, float, int, quoted_str and bool,
// replaced left to right by `<name>` with Python `re` semantics (the first
// alternative that matches at a position wins; Unicode \d \w \s \b).
std::string parameterize(std::string_view text);

// Python `str.splitlines()`, then the first two lines that are not blank,
// joined with '\n'; "..." is appended when that changed the text.
std::string trimMessageLines(std::string_view text);

// Relay's trim_string for a `message`-sized field (8,192 characters): longer
// text keeps its first 8,189 characters and gets "...". Relay does this at
// ingestion, so the server only ever groups the trimmed text; doing it first
// also keeps the regular expressions' cost bounded whatever the input.
inline constexpr std::size_t kMessageMaxChars = 8192;
std::string_view limitMessageChars(std::string_view text, std::string& storage);

// `normalize_message_for_grouping`: limitMessageChars, trimMessageLines, then parameterize.
std::string normalizeMessageForGrouping(std::string_view text);

} // namespace stackdeck::grouping
