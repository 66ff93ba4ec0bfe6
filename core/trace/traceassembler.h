#pragma once

#include "tracemodel.h"

#include <unordered_map>
#include <unordered_set>

namespace stackdeck::trace {

// Assembles one trace from its events, as they arrive: add() events in any
// order, any number of times, and build() the tree of what is there so far
// (a trace grows as more files, syncs or endpoint events come in).
//
// - Transactions and segments give their own span and their child spans;
//   parents link across services (a parent_span_id in another transaction).
// - A span seen twice (the same transaction in two files or projects, a v2
//   span also sent in a transaction) is kept once; events by event id too.
// - Spans whose parent is not in the trace are orphans; several roots or any
//   orphan put the top-level spans under a synthetic root.
// - Error events attach to their contexts.trace.span_id when that span is in
//   the trace, else to the root, marked (SDKs name spans they never send).
// - Clock skew across a service boundary is adjusted the way Jaeger's
//   clock-skew adjuster does; recorded times stay for the waterfall, the
//   critical path, self times and the reported duration use adjusted ones.
class TraceAssembler {
public:
    explicit TraceAssembler(std::string traceId = {});

    void add(const EventInput& event);
    Trace build() const;

    std::size_t spanCount() const { return m_spans.size(); }

private:
    struct Node {
        SpanInput span;
        std::string service;
        std::string project;
        std::string eventId;
        bool transactionSpan = false;
    };
    struct ErrorInput {
        std::string eventId;
        std::string project;
        std::string title;
        std::string spanId;
        Micros timestamp = 0;
    };
    void addSpan(Node node);
    void attachErrors(Trace& t, const std::vector<int>& position) const;

    std::string m_traceId;
    std::vector<Node> m_spans;
    std::unordered_map<std::string, std::size_t> m_bySpanId;
    std::vector<ErrorInput> m_errors;
    std::unordered_set<std::string> m_eventIds;
    std::int64_t m_duplicates = 0;
    std::size_t m_unnamed = 0; // spans without an id: never collapsed
};

// Assembles a whole trace at once.
Trace assembleTrace(const std::vector<EventInput>& events, const std::string& traceId = {});

} // namespace stackdeck::trace
