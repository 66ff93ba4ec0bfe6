#pragma once

#include "rawjson.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck {

// One entry of `contexts`: the key is a free alias, `type` says what it is
// (the alias when `type` is missing). The object itself is kept whole.
struct Context {
    std::string alias;
    std::string type;
    RawJson value;

    bool operator==(const Context&) const = default;
};

struct TraceContext {
    std::string traceId;
    std::string spanId;
    std::string parentSpanId;
    std::string op;
    std::string status;
    std::string origin;
    std::string description;
    std::optional<double> exclusiveTime;
    std::optional<bool> sampled;
    RawJson data;

    bool isEmpty() const { return traceId.empty() && spanId.empty(); }
    bool operator==(const TraceContext&) const = default;
};

} // namespace stackdeck
