#pragma once

#include "level.h"
#include "rawjson.h"
#include "timestamp.h"

#include <optional>
#include <string>

namespace stackdeck {

struct Breadcrumb {
    std::optional<Micros> timestamp;
    std::string type; // "default" when absent
    std::string category;
    std::optional<Level> level;
    std::string message;
    RawJson data;
    std::string eventId;
    std::string origin;

    bool operator==(const Breadcrumb&) const = default;
};

} // namespace stackdeck
