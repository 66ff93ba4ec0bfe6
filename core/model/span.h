#pragma once

#include "pairs.h"
#include "rawjson.h"
#include "timestamp.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck {

struct Measurement {
    std::string name;
    double value = 0;
    std::string unit; // "none" for custom measurements without a unit

    bool operator==(const Measurement&) const = default;
};

// A span of a transaction, or a standalone span from a v2 span container.
struct Span {
    std::string spanId;
    std::string parentSpanId;
    std::string traceId;
    std::string segmentId;
    std::string op;
    std::string description; // v2 spans: `name`
    std::optional<Micros> start;
    std::optional<Micros> end;
    std::string status;
    Pairs tags;
    RawJson data; // v2 spans: typed `attributes`
    std::string origin;
    std::optional<bool> sameProcessAsParent;
    std::optional<bool> isSegment;
    std::optional<double> exclusiveTime; // milliseconds
    std::string hash;
    std::vector<Measurement> measurements;

    bool operator==(const Span&) const = default;
};

} // namespace stackdeck
