#pragma once

#include "store/tracequeries.h"
#include "store/workspacesession.h"
#include "trace/spanattributes.h"
#include "trace/tracemodel.h"
#include "util/result.h"

#include <QFuture>

#include <memory>
#include <string>

namespace stackdeck::ui {

using TracePtr = std::shared_ptr<const trace::Trace>;

// Reads the trace on the calling thread (a worker's), on a session reader.
Result<TracePtr> readTrace(const std::shared_ptr<store::WorkspaceSession>& session, const std::string& traceId);

// Reads run on the global pool, on a session reader, never on the GUI thread.
// A trace that no stored event carries is an Error naming it.
QFuture<Result<TracePtr>> loadTraceJob(std::shared_ptr<store::WorkspaceSession> session, std::string traceId);
// The span's data and tags from the stored original of the event it came in.
QFuture<Result<std::vector<trace::SpanAttribute>>> loadSpanAttributesJob(
    std::shared_ptr<store::WorkspaceSession> session, std::string eventId, std::string spanId);

// A breadcrumb of one of the trace's error events, inside the trace's time.
struct BreadcrumbTick {
    Micros time = 0;
    std::string category;
    std::string message;
    std::string level; // "" when the breadcrumb names none
    std::string eventId;
};

// What the timeline shows besides the spans: the breadcrumbs of the trace's
// error events that fall inside the trace (each once, by time), and the notes
// written on its spans.
struct TraceExtras {
    std::vector<BreadcrumbTick> breadcrumbs;
    std::vector<store::SpanNote> notes;
};

// Read on a reader of the session, on the calling thread (a worker's).
Result<TraceExtras> readTraceExtras(const std::shared_ptr<store::WorkspaceSession>& session, const TracePtr& trace);
QFuture<Result<TraceExtras>> loadTraceExtrasJob(std::shared_ptr<store::WorkspaceSession> session, TracePtr trace);

} // namespace stackdeck::ui
