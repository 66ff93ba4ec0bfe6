#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::trace {

// One key of a span as its stored original has it, for the details pane.
struct SpanAttribute {
    std::string section; // "data", "tags", "attributes", "measurements", "trace context"
    std::string key;
    std::string value; // strings as they are, anything else as compact JSON

    bool operator==(const SpanAttribute&) const = default;
};

// The data, tags, attributes and measurements of span `spanId` in the stored
// original `json` of the transaction, segment or span container it came in:
// the transaction's own span (contexts.trace) brings the event's tags and
// measurements; a child span its own. Span v2 attributes ({"type", "value"})
// show their value. Empty when the payload does not parse or lacks the span.
// At most `limit` attributes; values cut to 4,096 bytes.
std::vector<SpanAttribute> spanAttributes(std::string_view json, const std::string& spanId, std::size_t limit = 500);

} // namespace stackdeck::trace
