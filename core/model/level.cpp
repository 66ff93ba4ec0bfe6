#include "level.h"

namespace stackdeck {

std::optional<Level> parseLevel(std::string_view text)
{
    if (text == "error")
        return Level::Error;
    if (text == "warning")
        return Level::Warning;
    if (text == "info" || text == "log")
        return Level::Info;
    if (text == "debug")
        return Level::Debug;
    if (text == "fatal" || text == "critical")
        return Level::Fatal;
    return std::nullopt;
}

std::optional<Level> levelFromPythonNumber(std::int64_t number)
{
    switch (number) {
    case 10:
        return Level::Debug;
    case 20:
        return Level::Info;
    case 30:
        return Level::Warning;
    case 40:
        return Level::Error;
    case 50:
        return Level::Fatal;
    default:
        return std::nullopt;
    }
}

std::string_view levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return "debug";
    case Level::Info:
        return "info";
    case Level::Warning:
        return "warning";
    case Level::Error:
        return "error";
    case Level::Fatal:
        return "fatal";
    }
    return "error";
}

} // namespace stackdeck
