#include "tracejobs.h"

#include "store/eventqueries.h"
#include "store/sessionaccess.h"
#include "store/tracerows.h"

#include <QtConcurrent/QtConcurrentRun>

namespace stackdeck::ui {

Result<TracePtr> readTrace(const std::shared_ptr<store::WorkspaceSession>& session, const std::string& traceId)
{
    return store::readWithSession(session, [&](sql::Database& db) -> Result<TracePtr> {
        auto t = store::loadTrace(db, traceId);
        if (!t)
            return Error {"no stored event belongs to trace " + traceId};
        return TracePtr(std::make_shared<const trace::Trace>(std::move(*t)));
    });
}

QFuture<Result<TracePtr>> loadTraceJob(std::shared_ptr<store::WorkspaceSession> session, std::string traceId)
{
    return QtConcurrent::run([session = std::move(session), traceId = std::move(traceId)]() -> Result<TracePtr> {
        return readTrace(session, traceId);
    });
}

QFuture<Result<std::vector<trace::SpanAttribute>>> loadSpanAttributesJob(
    std::shared_ptr<store::WorkspaceSession> session, std::string eventId, std::string spanId)
{
    using R = Result<std::vector<trace::SpanAttribute>>;
    return QtConcurrent::run(
        [session = std::move(session), eventId = std::move(eventId), spanId = std::move(spanId)]() -> R {
            return store::readWithSession(session, [&](sql::Database& db) -> R {
                const auto row = store::eventByEventId(db, eventId);
                if (!row)
                    return Error {"the event " + eventId + " is not stored"};
                auto payload = store::loadPayload(db, row->row);
                if (!payload)
                    return payload.error();
                return trace::spanAttributes(payload->json, spanId);
            });
        });
}

} // namespace stackdeck::ui
