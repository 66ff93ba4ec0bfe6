#pragma once

#include "model/timestamp.h"
#include "util/payloadcodec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck {

class PayloadCompressor;

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
// The array is compressed like event payloads (3x smaller with LZ4: a
// transaction's spans were a fifth of a workspace's bytes as text).
struct SpanSet {
    std::int64_t count = 0;
    PayloadCodec codec = PayloadCodec::Plain;
    std::size_t rawSize = 0; // of the JSON text
    std::string data; // the JSON text, compressed with codec; empty when count == 0
};

// Compresses with `codec` when that makes the set smaller.
SpanSet encodeSpanRows(const std::vector<SpanRow>& spans, PayloadCodec codec = PayloadCodec::Plain);
// Compressed as an import's payloads are (PayloadCodec::ZstdDict once the workspace has a dictionary).
SpanSet encodeSpanRows(const std::vector<SpanRow>& spans, PayloadCompressor& compressor);
// Reads the JSON text encodeSpanRows() wrote; nullopt when it is not such an array.
std::optional<std::vector<SpanRow>> decodeSpanRows(std::string_view json);
// Reads a stored set (event_spans.codec, raw_size, spans); nullopt when it does not decode.
std::optional<std::vector<SpanRow>> decodeSpanSet(
    PayloadCodec codec, std::string_view data, std::size_t rawSize, const PayloadDicts* dicts = nullptr);

} // namespace stackdeck
