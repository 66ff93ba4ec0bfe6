#pragma once

#include "sqlite.h"
#include "trace/tracemodel.h"

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
// the derived `traces` table (the import calls this for the traces a batch
// touched: a trace grows as its events arrive).
void refreshTraces(sql::Database& db, const std::set<std::string>& traceIds);

// Empties `traces` and writes a row for every trace of the stored events, in
// one pass over them (reindex).
void rebuildTraces(sql::Database& db);

void writeTraceSummary(sql::Database& db, const trace::TraceSummary& summary);

} // namespace stackdeck::store
