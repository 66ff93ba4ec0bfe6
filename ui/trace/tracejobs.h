#pragma once

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

} // namespace stackdeck::ui
