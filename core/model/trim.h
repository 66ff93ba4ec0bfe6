#pragma once

#include <cstdint>
#include <string>

namespace stackdeck {

// A part of an event the decoder shortened to keep its cost proportional to
// the input (Relay does the same and marks it in `_meta`). The stored
// original keeps everything; the trims say what the views and the grouping saw.
struct Trim {
    std::string field; // protocol path, e.g. "exception.values.2.stacktrace.frames"
    std::uint64_t originalLength = 0; // items (or characters) the payload had
    std::uint64_t kept = 0; // items (or characters) kept

    bool operator==(const Trim&) const = default;
};

} // namespace stackdeck
