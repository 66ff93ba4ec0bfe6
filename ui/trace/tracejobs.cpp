#include "tracejobs.h"

#include "store/eventqueries.h"
#include "store/sessionaccess.h"
#include "store/storedevent.h"
#include "store/tracerows.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <set>
#include <tuple>

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

Result<TraceExtras> readTraceExtras(const std::shared_ptr<store::WorkspaceSession>& session, const TracePtr& trace)
{
    if (!trace || trace->spans.empty())
        return TraceExtras {};
    Micros start = trace->spans.front().start;
    Micros end = trace->spans.front().end;
    for (const auto& s : trace->spans) {
        start = std::min(start, s.start);
        end = std::max(end, s.end);
    }
    return store::readWithSession(session, [&](sql::Database& db) -> Result<TraceExtras> {
        TraceExtras out;
        out.notes = store::spanNotesOfTrace(db, trace->traceId);
        std::set<std::tuple<Micros, std::string, std::string>> seen;
        // A trace may carry many errors; their breadcrumbs mostly repeat.
        constexpr std::size_t kMaxEvents = 50;
        for (std::size_t i = 0; i < trace->errors.size() && i < kMaxEvents; ++i) {
            const auto row = store::eventByEventId(db, trace->errors[i].eventId);
            if (!row)
                continue;
            const auto stored = store::loadStoredEvent(db, *row);
            if (!stored)
                continue;
            for (const Breadcrumb& b : stored->event.breadcrumbs) {
                if (!b.timestamp || *b.timestamp < start || *b.timestamp > end)
                    continue;
                if (!seen.emplace(*b.timestamp, b.category, b.message).second)
                    continue;
                out.breadcrumbs.push_back({*b.timestamp, b.category, b.message,
                    b.level ? std::string(levelName(*b.level)) : std::string(), trace->errors[i].eventId});
            }
        }
        std::sort(out.breadcrumbs.begin(), out.breadcrumbs.end(),
            [](const BreadcrumbTick& a, const BreadcrumbTick& b) { return a.time < b.time; });
        return out;
    });
}

QFuture<Result<TraceExtras>> loadTraceExtrasJob(std::shared_ptr<store::WorkspaceSession> session, TracePtr trace)
{
    return QtConcurrent::run([session = std::move(session), trace = std::move(trace)]() -> Result<TraceExtras> {
        return readTraceExtras(session, trace);
    });
}

} // namespace stackdeck::ui
