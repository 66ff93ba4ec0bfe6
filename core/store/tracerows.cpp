#include "tracerows.h"

#include "model/event.h"
#include "spanrows.h"
#include "trace/traceassembler.h"

#include <nlohmann/json.hpp>

namespace stackdeck::store {

namespace {

// The columns every trace read selects, in this order, from events `e`
// joined with projects `p` and (left) event_spans `s`.
constexpr const char* kColumns
    = "e.trace_id, e.event_id, p.name, coalesce(e.service, p.name), e.type, e.span_id, e.parent_span_id, e.span_op, "
      "e.span_status, coalesce(e.transaction_name, e.title), e.timestamp, e.duration_us, s.codec, s.raw_size, s.spans "
      "FROM events e JOIN projects p ON p.id = e.project_id LEFT JOIN event_spans s ON s.event_rowid = e.id ";

std::string textOr(const sql::Statement& st, int column)
{
    return st.isNull(column) ? std::string() : st.text(column);
}

trace::EventInput readEvent(const sql::Statement& st)
{
    trace::EventInput e;
    e.traceId = textOr(st, 0);
    e.eventId = textOr(st, 1);
    e.project = textOr(st, 2);
    e.service = textOr(st, 3);
    const auto type = st.int64(4);
    e.transactionLike
        = type == static_cast<int>(EventType::Transaction) || type == static_cast<int>(EventType::Segment);
    e.spanId = textOr(st, 5);
    e.parentSpanId = textOr(st, 6);
    e.op = textOr(st, 7);
    e.status = textOr(st, 8);
    e.name = textOr(st, 9);
    e.end = st.int64(10);
    if (e.transactionLike && !st.isNull(11))
        e.start = e.end - st.int64(11);
    if (e.transactionLike && !st.isNull(14)) {
        const auto codec = static_cast<PayloadCodec>(st.int64(12));
        const auto rows = decodeSpanSet(codec, st.blob(14), static_cast<std::size_t>(st.int64(13)));
        if (rows) {
            e.spans.reserve(rows->size());
            for (const SpanRow& r : *rows)
                e.spans.push_back({r.spanId, r.parentSpanId, r.op, r.description, r.status, r.start, r.end});
        }
    }
    return e;
}

std::string jsonArray(const std::vector<std::string>& values)
{
    return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::vector<trace::EventInput> loadTraceEvents(sql::Database& db, const std::string& traceId)
{
    std::vector<trace::EventInput> out;
    auto& st = db.cached(std::string("SELECT ") + kColumns + "WHERE e.trace_id = ?1 ORDER BY e.id");
    st.bind(1, traceId);
    while (st.step())
        out.push_back(readEvent(st));
    st.reset();
    return out;
}

std::optional<trace::Trace> loadTrace(sql::Database& db, const std::string& traceId)
{
    const auto events = loadTraceEvents(db, traceId);
    if (events.empty())
        return std::nullopt;
    return trace::assembleTrace(events, traceId);
}

void writeTraceSummary(sql::Database& db, const trace::TraceSummary& t)
{
    auto& st = db.cached("INSERT OR REPLACE INTO traces(trace_id, root_name, root_op, root_event_id, start_us, "
                         "duration_us, span_count, error_count, event_count, services, projects, ops, flags) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    st.bind(1, t.traceId)
        .bind(2, t.rootName)
        .bind(3, t.rootOp)
        .bindOrNull(4, t.rootEventId)
        .bind(5, t.start)
        .bind(6, t.duration)
        .bind(7, t.spanCount)
        .bind(8, t.errorCount)
        .bind(9, t.eventCount)
        .bind(10, jsonArray(t.services))
        .bind(11, jsonArray(t.projects))
        .bind(12, jsonArray(t.ops))
        .bind(13, static_cast<std::int64_t>(t.flags))
        .run();
}

void refreshTraces(sql::Database& db, const std::set<std::string>& traceIds)
{
    for (const std::string& id : traceIds) {
        if (id.empty())
            continue;
        const auto events = loadTraceEvents(db, id);
        if (!events.empty())
            writeTraceSummary(db, trace::assembleTrace(events, id).summary());
    }
}

void rebuildTraces(sql::Database& db)
{
    db.exec("DELETE FROM traces");
    // One pass in trace order (the events_trace index), a trace at a time.
    sql::Statement st(db, std::string("SELECT ") + kColumns + "WHERE e.trace_id IS NOT NULL ORDER BY e.trace_id, e.id");
    std::string current;
    std::vector<trace::EventInput> events;
    auto flush = [&] {
        if (!events.empty())
            writeTraceSummary(db, trace::assembleTrace(events, current).summary());
        events.clear();
    };
    while (st.step()) {
        trace::EventInput e = readEvent(st);
        if (e.traceId != current) {
            flush();
            current = e.traceId;
        }
        events.push_back(std::move(e));
    }
    flush();
}

} // namespace stackdeck::store
