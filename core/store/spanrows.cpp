#include "spanrows.h"

#include "jsonrows.h"
#include "util/payloadcompressor.h"

#include <simdjson.h>

namespace stackdeck {

namespace {

constexpr std::size_t kWorthCompressing = 256;

SpanSet plainSpanSet(const std::vector<SpanRow>& spans)
{
    SpanSet set;
    if (spans.empty())
        return set;
    store::JsonRows rows;
    for (const SpanRow& s : spans) {
        rows.beginRow();
        rows.addOrNull(s.spanId)
            .addOrNull(s.parentSpanId)
            .addOrNull(s.op)
            .addOrNull(s.description)
            .addOrNull(s.status)
            .add(s.start)
            .add(s.end)
            .add(s.exclusiveMs);
        rows.endRow();
    }
    set.count = static_cast<std::int64_t>(rows.rows());
    set.data = rows.text();
    set.rawSize = set.data.size();
    return set;
}

} // namespace

SpanSet encodeSpanRows(const std::vector<SpanRow>& spans, PayloadCompressor& compressor)
{
    SpanSet set = plainSpanSet(spans);
    if (set.data.size() >= kWorthCompressing) {
        std::string packed;
        const PayloadCodec codec = compressor.compress(set.data, packed);
        if (codec != PayloadCodec::Plain) {
            set.data = std::move(packed);
            set.codec = codec;
        }
    }
    return set;
}

SpanSet encodeSpanRows(const std::vector<SpanRow>& spans, PayloadCodec codec)
{
    SpanSet set = plainSpanSet(spans);
    if (codec != PayloadCodec::Plain && set.data.size() >= kWorthCompressing) {
        std::string packed = codec == PayloadCodec::Lz4 ? lz4Compress(set.data) : zstdCompress(set.data, 3);
        if (!packed.empty() && packed.size() < set.data.size()) {
            set.data = std::move(packed);
            set.codec = codec;
        }
    }
    return set;
}

namespace {

std::string text(simdjson::dom::element el)
{
    std::string_view v;
    return el.get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}

std::optional<Micros> micros(simdjson::dom::element el)
{
    std::int64_t v = 0;
    if (el.get_int64().get(v) == simdjson::SUCCESS)
        return v;
    return std::nullopt;
}

} // namespace

std::optional<std::vector<SpanRow>> decodeSpanRows(std::string_view json)
{
    std::vector<SpanRow> out;
    if (json.empty())
        return out;
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::dom::array rows;
    if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS || root.get_array().get(rows))
        return std::nullopt;
    out.reserve(rows.size());
    for (simdjson::dom::element item : rows) {
        simdjson::dom::array row;
        if (item.get_array().get(row) != simdjson::SUCCESS || row.size() != 8)
            return std::nullopt;
        SpanRow s;
        s.spanId = text(row.at(0));
        s.parentSpanId = text(row.at(1));
        s.op = text(row.at(2));
        s.description = text(row.at(3));
        s.status = text(row.at(4));
        s.start = micros(row.at(5));
        s.end = micros(row.at(6));
        double ms = 0;
        if (row.at(7).get_double().get(ms) == simdjson::SUCCESS)
            s.exclusiveMs = ms;
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<std::vector<SpanRow>> decodeSpanSet(
    PayloadCodec codec, std::string_view data, std::size_t rawSize, const PayloadDicts* dicts)
{
    if (codec == PayloadCodec::Plain)
        return decodeSpanRows(data);
    auto json = decodePayload(codec, data, rawSize, dicts);
    if (!json)
        return std::nullopt;
    return decodeSpanRows(*json);
}

} // namespace stackdeck
