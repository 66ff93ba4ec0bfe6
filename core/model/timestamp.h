#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stackdeck {

// Instants are microseconds since the Unix epoch, UTC: the precision Sentry stores.
using Micros = std::int64_t;

// The instants an event can carry: 1970-01-01T00:00:00Z up to the end of
// 9999 (what ISO 8601's four-digit year and every date library can show).
// Anything else from a file is rejected before any arithmetic, so no later
// difference or sum of two instants can overflow.
inline constexpr Micros kMinTimestamp = 0;
inline constexpr Micros kMaxTimestamp = 253'402'300'799'999'999; // 9999-12-31T23:59:59.999999Z
inline constexpr bool isSaneTimestamp(Micros t)
{
    return t >= kMinTimestamp && t <= kMaxTimestamp;
}

// RFC 3339 / ISO 8601 as SDKs write it: a missing offset means UTC, any number of
// fractional digits (cut to microseconds), 'T' or ' ' between date and time.
// nullopt outside [kMinTimestamp, kMaxTimestamp].
std::optional<Micros> parseIsoTimestamp(std::string_view text);

// Seconds since the epoch, integral or fractional. Never milliseconds (Relay
// reads a 13-digit number as seconds too). nullopt for NaN, infinities and
// anything outside [kMinTimestamp, kMaxTimestamp] (1e300, -1, 2^63).
std::optional<Micros> timestampFromSeconds(double seconds);

// "2024-05-01T12:00:00.123456Z" (fraction omitted when zero).
std::string formatIsoTimestamp(Micros micros);

} // namespace stackdeck
