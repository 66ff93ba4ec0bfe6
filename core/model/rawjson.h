#pragma once

#include <string>

namespace stackdeck {

// A piece of arbitrary JSON kept as compact text: frame variables, extra data,
// request bodies, context objects. Parsing it into a tree is left to whoever
// displays it, so decoding an event never pays for data nobody looks at.
struct RawJson {
    std::string text; // compact JSON; empty means absent (JSON null is "null")

    bool isNull() const { return text.empty() || text == "null"; }
    bool operator==(const RawJson&) const = default;
};

} // namespace stackdeck
