#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace stackdeck {

enum class Level : std::uint8_t { Debug, Info, Warning, Error, Fatal };

// Relay's accepted spellings: the five names, "log" (info), "critical" (fatal)
// and Python logging numbers 10..50. "warn" is not accepted upstream; neither here.
std::optional<Level> parseLevel(std::string_view text);
std::optional<Level> levelFromPythonNumber(std::int64_t number);
std::string_view levelName(Level level);

} // namespace stackdeck
