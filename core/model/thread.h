#pragma once

#include "frame.h"
#include "rawjson.h"

#include <optional>
#include <string>

namespace stackdeck {

struct Thread {
    std::string id; // integers above 2^53 (Java) and strings both occur; kept as text
    std::string name;
    std::optional<bool> crashed;
    std::optional<bool> current;
    std::optional<bool> main;
    std::string state;
    std::optional<Stacktrace> stacktrace;
    std::optional<Stacktrace> rawStacktrace;
    RawJson heldLocks;

    bool operator==(const Thread&) const = default;
};

} // namespace stackdeck
