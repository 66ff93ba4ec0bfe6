#include "spanattributes.h"

#include <nlohmann/json.hpp>

namespace stackdeck::trace {

namespace {

using nlohmann::json;
constexpr std::size_t kMaxValue = 4096;
constexpr int kMaxDepth = 6;

std::string text(const json& v)
{
    // v2 attributes: {"type": "string", "value": ...}
    const json& value = v.is_object() && v.contains("value") && v.size() <= 2 ? v.at("value") : v;
    std::string out
        = value.is_string() ? value.get<std::string>() : value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (out.size() > kMaxValue)
        out.resize(kMaxValue);
    return out;
}

struct Collector {
    std::vector<SpanAttribute> out;
    std::size_t limit;

    void section(const std::string& name, const json& object)
    {
        if (!object.is_object())
            return;
        for (auto it = object.begin(); it != object.end() && out.size() < limit; ++it)
            out.push_back({name, it.key(), text(it.value())});
    }
    // Sentry's tags come as an object or as [[key, value], ...].
    void tags(const json& t)
    {
        if (t.is_object()) {
            section("tags", t);
            return;
        }
        if (!t.is_array())
            return;
        for (const auto& pair : t) {
            if (out.size() >= limit)
                return;
            if (pair.is_array() && pair.size() == 2 && pair[0].is_string())
                out.push_back({"tags", pair[0].get<std::string>(), text(pair[1])});
        }
    }
    void span(const json& s)
    {
        section("data", s.value("data", json::object()));
        section("attributes", s.value("attributes", json::object()));
        tags(s.value("tags", json()));
        section("measurements", s.value("measurements", json::object()));
    }
};

bool isSpan(const json& node, const std::string& spanId)
{
    return node.is_object() && node.contains("span_id") && node["span_id"].is_string()
        && node["span_id"].get<std::string>() == spanId;
}

// A child span anywhere in the payload (spans[], span containers' items[]).
const json* findSpan(const json& node, const std::string& spanId, int depth)
{
    if (depth > kMaxDepth)
        return nullptr;
    if (isSpan(node, spanId))
        return &node;
    if (node.is_array() || node.is_object()) {
        for (const auto& child : node) {
            if (const json* hit = findSpan(child, spanId, depth + 1))
                return hit;
        }
    }
    return nullptr;
}

} // namespace

std::vector<SpanAttribute> spanAttributes(std::string_view payload, const std::string& spanId, std::size_t limit)
{
    Collector c {{}, limit};
    if (spanId.empty())
        return {};
    const json doc = json::parse(payload.begin(), payload.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return {};
    const json trace
        = doc.contains("contexts") && doc["contexts"].is_object() ? doc["contexts"].value("trace", json()) : json();
    if (isSpan(trace, spanId)) {
        for (auto it = trace.begin(); it != trace.end() && c.out.size() < limit; ++it) {
            if (it.key() != "data" && it.key() != "span_id" && it.key() != "trace_id")
                c.out.push_back({"trace context", it.key(), text(it.value())});
        }
        c.section("data", trace.value("data", json::object()));
        c.tags(doc.value("tags", json()));
        c.section("measurements", doc.value("measurements", json::object()));
        return c.out;
    }
    if (const json* span = findSpan(doc, spanId, 0))
        c.span(*span);
    return c.out;
}

} // namespace stackdeck::trace
