#pragma once

#include "model/timestamp.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::trace {

// One span as a stored event carries it (a transaction's or segment's child span).
struct SpanInput {
    std::string spanId;
    std::string parentSpanId;
    std::string op;
    std::string description;
    std::string status;
    std::optional<Micros> start;
    std::optional<Micros> end;
};

// One stored event of a trace: a transaction or segment (its own span plus
// its child spans) or an error event (attached to a span by spanId).
struct EventInput {
    std::string eventId;
    std::string project;
    std::string service; // server_name, else the project
    bool transactionLike = false;
    std::string traceId;
    std::string spanId; // contexts.trace.span_id
    std::string parentSpanId; // contexts.trace.parent_span_id
    std::string op;
    std::string status;
    std::string name; // transaction name, or the error's title
    std::optional<Micros> start; // transactions: start_timestamp
    Micros end = 0; // the event's timestamp
    std::vector<SpanInput> spans;
};

// Markers on an assembled span.
enum SpanFlag : std::uint8_t {
    SyntheticRoot = 1, // made up to hold several roots or orphans
    Orphan = 2, // its parent span is not in the trace
    Skewed = 4, // its adjusted times differ from the recorded ones (clock skew)
    TransactionSpan = 8, // the own span of a transaction or segment
    NoTimes = 16, // recorded without start or end: placed at its parent's start, zero long
};

struct TraceSpan {
    std::string spanId;
    std::string parentSpanId; // as recorded
    std::string op;
    std::string description;
    std::string status;
    std::string service;
    std::string project;
    std::string eventId; // the transaction or segment it came in
    Micros start = 0; // recorded
    Micros end = 0;
    Micros adjustedStart = 0; // skew-adjusted (Jaeger's clock-skew adjuster)
    Micros adjustedEnd = 0;
    int parent = -1; // index into Trace::spans; -1 for the root
    int depth = 0;
    std::vector<int> children; // by adjusted start
    std::uint8_t flags = 0;
    Micros selfTime = 0; // adjusted duration not overlapped by children
    Micros criticalTime = 0; // time of this span on the critical path
    bool critical = false;
    std::vector<std::string> errorEventIds;

    Micros duration() const { return end - start; }
    Micros adjustedDuration() const { return adjustedEnd - adjustedStart; }
    bool has(SpanFlag f) const { return (flags & f) != 0; }
};

// An error event of the trace and where it was attached.
struct TraceError {
    std::string eventId;
    std::string project;
    std::string title;
    std::string spanId; // as the event reported it; empty when it named none
    Micros timestamp = 0;
    int span = -1; // index into Trace::spans
    bool onRoot = false; // its span is not in the trace (or it named none): attached to the root
};

// What the trace list shows and stores (the derived `traces` table).
struct TraceSummary {
    std::string traceId;
    std::string rootName;
    std::string rootOp;
    std::string rootEventId;
    std::vector<std::string> services; // sorted, distinct
    std::vector<std::string> projects;
    std::vector<std::string> ops;
    Micros start = 0;
    Micros duration = 0; // skew-adjusted
    std::int64_t spanCount = 0; // real spans, the synthetic root not counted
    std::int64_t errorCount = 0;
    std::int64_t eventCount = 0;
    std::uint32_t flags = 0; // TraceFlag

    bool operator==(const TraceSummary&) const = default;
};

enum TraceFlag : std::uint32_t {
    HasOrphans = 1,
    HasSkew = 2,
    HasSyntheticRoot = 4,
    HasDuplicates = 8,
    // Read, never stored: events arrived since the row was assembled (it is
    // marked stale), so its figures are not final yet.
    Pending = 16,
};

struct Trace {
    std::string traceId;
    std::vector<TraceSpan> spans; // parents before children (depth-first order)
    int root = -1;
    std::vector<TraceError> errors;
    std::int64_t duplicates = 0; // spans seen more than once, collapsed into one
    std::int64_t events = 0;
    std::uint32_t flags = 0; // TraceFlag

    int indexOf(const std::string& spanId) const;
    TraceSummary summary() const;
};

} // namespace stackdeck::trace
