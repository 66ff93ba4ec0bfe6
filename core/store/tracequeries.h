#pragma once

#include "sqlite.h"
#include "trace/tracefilter.h"
#include "trace/tracemodel.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

enum class TraceSort { Start, Duration }; // newest first; longest first

// Where the previous page ended (keyset paging).
struct TraceCursor {
    std::int64_t value = 0; // start_us or duration_us of the last row
    std::string traceId;
};

struct TraceListOptions {
    trace::TraceFilter filter;
    TraceSort sort = TraceSort::Start;
    int limit = 50;
    std::optional<TraceCursor> after;
};

// A page of the derived `traces` table; the filter is bound, never spliced.
std::vector<trace::TraceSummary> listTraces(sql::Database& db, const TraceListOptions& options);
std::int64_t countTraces(sql::Database& db);

// Notes on spans (notes.target 'span') written on any event of the trace,
// oldest first: the timeline marks their spans.
struct SpanNote {
    std::string spanId;
    std::string eventId; // the event the note was written on
    std::string text; // Markdown, shown as plain text
    std::string author;
    std::int64_t createdAt = 0; // microseconds
};
std::vector<SpanNote> spanNotesOfTrace(sql::Database& db, const std::string& traceId);

} // namespace stackdeck::store
