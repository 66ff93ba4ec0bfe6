#include "tracerows.h"

#include "eventqueries.h" // newestEventRow
#include "model/event.h"
#include "payloaddictrows.h"
#include "rowkeys.h"
#include "spanrows.h"
#include "storedevent.h"
#include "trace/traceassembler.h"

#include <algorithm>
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

trace::EventInput readEvent(const sql::Statement& st, LazyPayloadDicts& dicts)
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
        const auto rows = decodeSpanSet(codec, st.blob(14), static_cast<std::size_t>(st.int64(13)), dicts.get(codec));
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
    LazyPayloadDicts dicts(db);
    auto& st = db.cached(std::string("SELECT ") + kColumns + "WHERE e.id IN (" + rowsWithKey(RowKeyKind::Trace, "?2")
        + ") AND e.trace_id = ?1 ORDER BY e.id");
    st.bind(1, traceId).bind(2, rowKey(db, traceId));
    while (st.step())
        out.push_back(readEvent(st, dicts));
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

namespace {

// The row's previous search text and id (the search index is contentless: an
// entry is removed by repeating what was indexed).
struct IndexedRow {
    std::optional<std::int64_t> id;
    std::string name, services, ops, projects;
};

std::optional<IndexedRow> indexedRow(sql::Database& db, const std::string& traceId)
{
    auto& st = db.cached("SELECT id, root_name, services, ops, projects FROM traces WHERE trace_id = ?1");
    st.bind(1, traceId);
    std::optional<IndexedRow> out;
    if (st.step()) {
        out.emplace();
        if (!st.isNull(0))
            out->id = st.int64(0);
        out->name = st.text(1);
        out->services = st.text(2);
        out->ops = st.text(3);
        out->projects = st.text(4);
    }
    st.reset();
    return out;
}

void unindex(sql::Database& db, const IndexedRow& row)
{
    if (!row.id)
        return;
    db.cached("INSERT INTO trace_search(trace_search, rowid, name, services, ops, projects) "
              "VALUES('delete', ?1, ?2, ?3, ?4, ?5)")
        .bind(1, *row.id)
        .bind(2, row.name)
        .bind(3, row.services)
        .bind(4, row.ops)
        .bind(5, row.projects)
        .run();
}

void index(sql::Database& db, std::int64_t id, const std::string& name, const std::string& services,
    const std::string& ops, const std::string& projects)
{
    db.cached("INSERT INTO trace_search(rowid, name, services, ops, projects) VALUES(?1, ?2, ?3, ?4, ?5)")
        .bind(1, id)
        .bind(2, name)
        .bind(3, services)
        .bind(4, ops)
        .bind(5, projects)
        .run();
}

std::int64_t nextTraceId(sql::Database& db)
{
    return db.cached("SELECT coalesce(max(id), 0) + 1 FROM traces").scalarInt();
}

void clearMark(sql::Database& db, const std::string& traceId)
{
    db.cached("DELETE FROM trace_stale WHERE trace_id = ?1").bind(1, traceId).run();
}

void removeTrace(sql::Database& db, const std::string& traceId)
{
    if (const auto old = indexedRow(db, traceId)) {
        unindex(db, *old);
        db.cached("DELETE FROM traces WHERE trace_id = ?1").bind(1, traceId).run();
    }
}

// A row written before schema 9: into the search index under a new id.
void indexOnly(sql::Database& db, const std::string& traceId)
{
    const auto row = indexedRow(db, traceId);
    if (!row || row->id)
        return;
    const std::int64_t id = nextTraceId(db);
    db.cached("UPDATE traces SET id = ?1 WHERE trace_id = ?2").bind(1, id).bind(2, traceId).run();
    index(db, id, row->name, row->services, row->ops, row->projects);
}

// Events stored before schema 8 have no span columns (parent, op, status,
// service): they are read from the stored originals, as the import reads them.
void fillLegacySpanColumns(sql::Database& db, const std::string& traceId)
{
    std::vector<std::int64_t> rows;
    auto& st = db.cached("SELECT id FROM events WHERE id IN (" + rowsWithKey(RowKeyKind::Trace, "?2")
        + ") AND trace_id = ?1 AND parent_span_id IS NULL AND span_op IS NULL AND span_status IS NULL AND service IS "
          "NULL");
    st.bind(1, traceId).bind(2, rowKey(db, traceId));
    while (st.step())
        rows.push_back(st.int64(0));
    st.reset();
    for (const std::int64_t row : rows) {
        const auto stored = loadStoredEvent(db, EventRowId(row), DecodeDetail::Full);
        if (!stored)
            continue; // an original that no longer decodes keeps its row as it is
        const Event& e = stored->event;
        db.cached("UPDATE events SET parent_span_id = ?2, span_op = ?3, span_status = ?4, service = ?5 WHERE id = ?1")
            .bind(1, row)
            .bindOrNull(2, e.trace.parentSpanId)
            .bindOrNull(3, e.trace.op)
            .bindOrNull(4, e.trace.status)
            .bindOrNull(5, e.serverName)
            .run();
    }
}

std::int64_t traceMark(sql::Database& db)
{
    return db.cached("SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'trace_mark'), 0)")
        .scalarInt();
}

void setTraceMark(sql::Database& db, std::int64_t mark)
{
    db.cached("INSERT OR REPLACE INTO meta(key, value) VALUES('trace_mark', ?1)").bind(1, std::to_string(mark)).run();
}

// Marked traces, up to `limit` of them (cheap however many there are).
std::int64_t countMarked(sql::Database& db, std::int64_t limit)
{
    return db.cached("SELECT count(*) FROM (SELECT 1 FROM trace_stale LIMIT ?1)").bind(1, limit).scalarInt();
}

// Events above the mark, this many at a time, have their traces marked
// before assembly; a trace marked to be indexed only is assembled instead.
constexpr std::int64_t kEventsPerDrain = 20'000;

// Marks the traces of the events above the mark until `want` traces are
// marked or no event is left above it, raising the mark as it goes.
void drainTraceMark(sql::Database& db, std::int64_t want)
{
    std::int64_t mark = traceMark(db);
    const std::int64_t newest = newestEventRow(db);
    while (mark < newest && countMarked(db, want) < want) {
        const std::int64_t upTo = std::min(newest, mark + kEventsPerDrain);
        db.cached("INSERT INTO trace_stale(trace_id, kind) SELECT DISTINCT trace_id, 0 FROM events "
                  "WHERE id > ?1 AND id <= ?2 AND trace_id IS NOT NULL "
                  "ON CONFLICT(trace_id) DO UPDATE SET kind = 0 WHERE kind = 2")
            .bind(1, mark)
            .bind(2, upTo)
            .run();
        mark = upTo;
        setTraceMark(db, mark);
    }
}

void refreshOne(sql::Database& db, const std::string& id)
{
    const auto events = loadTraceEvents(db, id);
    if (events.empty())
        removeTrace(db, id);
    else
        writeTraceSummary(db, trace::assembleTrace(events, id).summary());
    clearMark(db, id);
}

} // namespace

void writeTraceSummary(sql::Database& db, const trace::TraceSummary& t)
{
    const auto old = indexedRow(db, t.traceId);
    if (old)
        unindex(db, *old);
    const std::int64_t id = old && old->id ? *old->id : nextTraceId(db);
    const std::string services = jsonArray(t.services);
    const std::string projects = jsonArray(t.projects);
    const std::string ops = jsonArray(t.ops);
    auto& st = db.cached("INSERT OR REPLACE INTO traces(trace_id, root_name, root_op, root_event_id, start_us, "
                         "duration_us, span_count, error_count, event_count, services, projects, ops, flags, id) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    st.bind(1, t.traceId)
        .bind(2, t.rootName)
        .bind(3, t.rootOp)
        .bindOrNull(4, t.rootEventId)
        .bind(5, t.start)
        .bind(6, t.duration)
        .bind(7, t.spanCount)
        .bind(8, t.errorCount)
        .bind(9, t.eventCount)
        .bind(10, services)
        .bind(11, projects)
        .bind(12, ops)
        .bind(13, static_cast<std::int64_t>(t.flags & ~static_cast<std::uint32_t>(trace::Pending)))
        .bind(14, id)
        .run();
    index(db, id, t.rootName, services, ops, projects);
}

void refreshTraces(sql::Database& db, const std::set<std::string>& traceIds)
{
    for (const std::string& id : traceIds) {
        if (!id.empty())
            refreshOne(db, id);
    }
}

void markTracesStale(sql::Database& db, const std::set<std::string>& traceIds)
{
    auto& st = db.cached("INSERT OR IGNORE INTO trace_stale(trace_id, kind) VALUES(?1, 0)");
    for (const std::string& id : traceIds) {
        if (!id.empty())
            st.bind(1, id).run();
    }
}

std::int64_t countStaleTraces(sql::Database& db)
{
    auto& st = db.cached("SELECT (SELECT count(*) FROM trace_stale) + (SELECT count(DISTINCT e.trace_id) FROM events e "
                         "WHERE e.id > ?1 AND e.trace_id IS NOT NULL "
                         "AND NOT EXISTS (SELECT 1 FROM trace_stale s WHERE s.trace_id = e.trace_id))");
    return st.bind(1, traceMark(db)).scalarInt();
}

std::int64_t assembleStaleTraces(sql::Database& db, std::int64_t limit)
{
    drainTraceMark(db, limit);
    std::vector<std::pair<std::string, std::int64_t>> marked;
    auto& st = db.cached("SELECT trace_id, kind FROM trace_stale ORDER BY trace_id LIMIT ?1");
    st.bind(1, limit);
    while (st.step())
        marked.emplace_back(st.text(0), st.int64(1));
    st.reset();
    for (const auto& [id, kind] : marked) {
        if (kind == 2) {
            indexOnly(db, id);
            clearMark(db, id);
            continue;
        }
        if (kind == 1)
            fillLegacySpanColumns(db, id);
        refreshOne(db, id);
    }
    return static_cast<std::int64_t>(marked.size());
}

std::int64_t assembleAllStaleTraces(sql::Database& db, const std::atomic<bool>* cancel, std::int64_t perTransaction,
    const TraceAssemblyProgress& progress)
{
    const std::int64_t marked = progress ? countStaleTraces(db) : 0;
    std::int64_t done = 0;
    while (!(cancel && cancel->load())) {
        sql::Transaction tx(db);
        const std::int64_t n = assembleStaleTraces(db, perTransaction);
        tx.commit();
        done += n;
        // When none are left, the marks another writer assembled meanwhile are done too.
        if (progress)
            progress(n < perTransaction ? std::max(marked, done) : done, std::max(marked, done));
        if (n < perTransaction)
            break;
    }
    return done;
}

void rebuildTraces(sql::Database& db)
{
    db.exec("DELETE FROM traces; DELETE FROM trace_stale; INSERT INTO trace_search(trace_search) VALUES('delete-all')");
    setTraceMark(db, newestEventRow(db));
    // One pass in key order (the row_keys table, with the new keys moved
    // into it first), a trace at a time: the rows of one key are sorted by
    // trace id, so a collision splits no trace.
    moveNewRowKeys(db);
    LazyPayloadDicts dicts(db);
    sql::Statement st(db,
        std::string("SELECT ") + kColumns
            + "JOIN row_keys k ON k.kind = 1 AND k.event_rowid = e.id WHERE e.trace_id IS NOT NULL "
              "ORDER BY k.key, e.trace_id, e.id");
    std::string current;
    std::vector<trace::EventInput> events;
    auto flush = [&] {
        if (!events.empty())
            writeTraceSummary(db, trace::assembleTrace(events, current).summary());
        events.clear();
    };
    while (st.step()) {
        trace::EventInput e = readEvent(st, dicts);
        if (e.traceId != current) {
            flush();
            current = e.traceId;
        }
        events.push_back(std::move(e));
    }
    flush();
}

} // namespace stackdeck::store
