#include "heavyevent.h"

#include <nlohmann/json.hpp>

namespace stackdeck::bench {

std::string heavyEventJson()
{
    using nlohmann::ordered_json;
    ordered_json frames = ordered_json::array();
    for (int f = 0; f < 100; ++f) {
        ordered_json vars = ordered_json::object();
        for (int v = 0; v < 50; ++v)
            vars["var_" + std::to_string(v)] = v % 5 == 0
                ? ordered_json {{"k", "nested " + std::to_string(v)}, {"list", {1, 2, 3}}}
                : ordered_json("'value number " + std::to_string(v) + " of frame " + std::to_string(f) + "'");
        frames.push_back(
            {{"function", "handler_" + std::to_string(f)}, {"module", "app.module" + std::to_string(f % 7)},
                {"filename", "app/module" + std::to_string(f % 7) + ".py"}, {"lineno", 10 + f}, {"in_app", f % 3 != 0},
                {"pre_context", {"    a = 1", "    b = 2", "    c = 3", "    d = 4", "    e = 5"}},
                {"context_line", "    return call_next(request)"},
                {"post_context", {"    f = 6", "    g = 7", "    h = 8", "    i = 9", "    j = 10"}}, {"vars", vars}});
    }
    ordered_json crumbs = ordered_json::array();
    for (int b = 0; b < 500; ++b)
        crumbs.push_back({{"timestamp", 1764600000.0 + b * 0.01}, {"category", b % 3 ? "http" : "query"},
            {"level", b % 10 ? "info" : "warning"}, {"message", "GET /api/items/" + std::to_string(b) + " -> 200"},
            {"data", {{"url", "/api/items/" + std::to_string(b)}, {"status_code", 200}}}});
    std::string body;
    body.reserve(1 << 20);
    body += "{\"items\":[";
    for (int i = 0; body.size() < (1u << 20); ++i)
        body += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) + ",\"name\":\"item " + std::to_string(i)
            + "\",\"tags\":[\"a\",\"b\"]}";
    body += "]}";
    ordered_json event = {{"event_id", "feedfacefeedfacefeedfacefeedface"}, {"timestamp", 1764600005.0},
        {"platform", "python"}, {"level", "error"},
        {"exception",
            {{"values",
                {{{"type", "HeavyError"}, {"value", "an event at the limits"},
                    {"mechanism", {{"type", "generic"}, {"handled", false}}}, {"stacktrace", {{"frames", frames}}}}}}}},
        {"breadcrumbs", {{"values", crumbs}}},
        {"request",
            {{"method", "POST"}, {"url", "https://shop.example.com/api/import"},
                {"headers", {{"Content-Type", "application/json"}, {"User-Agent", "bench"}}}, {"data", body}}},
        {"tags", {{"environment", "bench"}}}};
    return event.dump();
}

} // namespace stackdeck::bench
