#pragma once

#include "model/timestamp.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck {

// One span of a transaction or segment, as the store keeps it.
struct SpanRow {
    std::string spanId;
    std::string parentSpanId;
    std::string op;
    std::string description;
    std::string status;
    std::optional<Micros> start;
    std::optional<Micros> end;
    std::optional<double> exclusiveMs;

    bool operator==(const SpanRow&) const = default;
};

// The spans of one event, stored as one row (event_spans): a compact JSON
// array with one [span_id, parent_span_id, op, description, status, start_us,
// end_us, exclusive_ms] array per span, in event order. One row per event
// instead of one per span is what keeps transactions cheap to import; the
// trace views read a whole event's spans at once anyway.
struct SpanSet {
    std::int64_t count = 0;
    std::string json; // empty when count == 0
};

SpanSet encodeSpanRows(const std::vector<SpanRow>& spans);
// Reads what encodeSpanRows() wrote; nullopt when the text is not such an array.
std::optional<std::vector<SpanRow>> decodeSpanRows(std::string_view json);

} // namespace stackdeck
