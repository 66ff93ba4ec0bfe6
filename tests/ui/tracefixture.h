#pragma once

// A synthetic trace for the timeline's tests and its repaint benchmark: one
// transaction per service, each below a span of the previous service's, each
// with its child spans in a tree (up to `perService` spans, nested 4 deep),
// an error on some spans and one that names a span not in the trace.

#include "trace/traceassembler.h"

#include <string>

namespace stackdeck::test {

inline trace::Trace syntheticTrace(int services, int perService, int errors = 3)
{
    std::vector<trace::EventInput> events;
    const Micros t0 = 1'700'000'000'000'000;
    std::string parentSpan;
    Micros start = t0;
    for (int s = 0; s < services; ++s) {
        trace::EventInput e;
        e.eventId = "tx" + std::to_string(s);
        e.project = "p" + std::to_string(s % 3);
        e.service = "service-" + std::to_string(s);
        e.transactionLike = true;
        e.traceId = "abcdef0123456789abcdef0123456789";
        e.spanId = "root" + std::to_string(s);
        e.parentSpanId = parentSpan;
        e.op = s == 0 ? "http.server" : "rpc.server";
        e.name = "GET /synthetic/" + std::to_string(s);
        e.start = start;
        const Micros length = 2'000'000 - s * 50'000;
        e.end = start + length;
        std::vector<std::string> open {e.spanId};
        for (int k = 0; k < perService - 1; ++k) {
            trace::SpanInput sp;
            sp.spanId = "s" + std::to_string(s) + "_" + std::to_string(k);
            const int depth = k % 4;
            sp.parentSpanId = open[static_cast<std::size_t>(std::min<int>(depth, static_cast<int>(open.size()) - 1))];
            if (static_cast<int>(open.size()) > depth + 1)
                open.resize(static_cast<std::size_t>(depth + 1));
            open.push_back(sp.spanId);
            sp.op = k % 3 == 0 ? "db.query" : k % 3 == 1 ? "http.client" : "cache.get";
            sp.description = "SELECT * FROM table_" + std::to_string(k % 17) + " WHERE id = ?";
            sp.start = start + static_cast<Micros>(k) * length / perService;
            sp.end = *sp.start + length / perService / 2 + (k % 7) * 10;
            e.spans.push_back(sp);
        }
        parentSpan = e.spans.empty() ? e.spanId : e.spans[e.spans.size() / 2].spanId;
        start += length / 10;
        events.push_back(std::move(e));
    }
    for (int i = 0; i < errors; ++i) {
        trace::EventInput err;
        err.eventId = "err" + std::to_string(i);
        err.project = "p0";
        err.service = "service-0";
        err.traceId = events.front().traceId;
        err.spanId = i == errors - 1 ? "not-recorded" : "s0_" + std::to_string(i * 3 + 1);
        err.name = "ValueError: synthetic failure " + std::to_string(i);
        err.end = t0 + 300'000 + i * 100'000;
        events.push_back(err);
    }
    return trace::assembleTrace(events);
}

} // namespace stackdeck::test
