#pragma once

#include "sqlite.h"
#include "trace/tracemodel.h"

#include <atomic>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stackdeck::store {

// The stored events of one trace, as trace assembly reads them: each event's
// own span (events columns) and its span set (event_spans). Events whose span
// set does not decode come without their child spans.
std::vector<trace::EventInput> loadTraceEvents(sql::Database& db, const std::string& traceId);

// The assembled trace; nullopt when no stored event carries the id.
std::optional<trace::Trace> loadTrace(sql::Database& db, const std::string& traceId);

// Assembles each trace again from its stored events and rewrites its row in
// the derived `traces` table (a trace grows as its events arrive); a trace no
// stored event carries any more loses its row. Clears their stale marks.
void refreshTraces(sql::Database& db, const std::set<std::string>& traceIds);

// Which traces are stale (to be assembled again from their events):
// - the traces of every event above meta 'trace_mark' (an events.id). An
//   import batch writes nothing for them: its new rows are above the mark,
//   in the batch's transaction, so a crash keeps them stale;
// - the traces marked by a row in trace_stale: by markTracesStale, by the
//   schema 9 migration, and by assembly, which moves the traces above the
//   mark into rows before it assembles them.
void markTracesStale(sql::Database& db, const std::set<std::string>& traceIds);
std::int64_t countStaleTraces(sql::Database& db);

// Assembles at most `limit` stale traces (marked ones in trace id order,
// after those above the mark are marked), writes their rows and clears their
// marks, in the caller's transaction; returns how many.
// Traces marked by the schema 9 migration are handled as marked: the rows of
// events stored before schema 8 get their span columns from their payloads
// first, rows written before schema 9 only join the search index.
std::int64_t assembleStaleTraces(sql::Database& db, std::int64_t limit);

// Told after each batch: `done` traces assembled so far of `total` (the marks
// counted before the first batch, raised to `done` when an import marked more
// meanwhile); the last report, when no mark is left, has done == total.
using TraceAssemblyProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// Every marked trace, `perTransaction` at a time, each batch its own
// transaction (other writers get the workspace between them); stops early
// when `cancel` is set, leaving the rest marked. Returns how many it assembled.
// With `progress`, counts the marks first and reports after every batch.
std::int64_t assembleAllStaleTraces(sql::Database& db, const std::atomic<bool>* cancel = nullptr,
    std::int64_t perTransaction = 1000, const TraceAssemblyProgress& progress = {});

// Empties `traces` and writes a row for every trace of the stored events, in
// one pass over them (reindex). Clears every mark.
void rebuildTraces(sql::Database& db);

// Writes (or rewrites) the trace's row and its search entry, keeping its id.
void writeTraceSummary(sql::Database& db, const trace::TraceSummary& summary);

} // namespace stackdeck::store
