#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stackdeck {

// Instants are microseconds since the Unix epoch, UTC: the precision Sentry stores.
using Micros = std::int64_t;

// RFC 3339 / ISO 8601 as SDKs write it: a missing offset means UTC, any number of
// fractional digits (cut to microseconds), 'T' or ' ' between date and time.
std::optional<Micros> parseIsoTimestamp(std::string_view text);

// Seconds since the epoch, integral or fractional. Never milliseconds (Relay
// reads a 13-digit number as seconds too).
std::optional<Micros> timestampFromSeconds(double seconds);

// "2024-05-01T12:00:00.123456Z" (fraction omitted when zero).
std::string formatIsoTimestamp(Micros micros);

} // namespace stackdeck
