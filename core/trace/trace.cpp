#include "tracemodel.h"

#include <algorithm>
#include <set>

namespace stackdeck::trace {

int Trace::indexOf(const std::string& spanId) const
{
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (spans[i].spanId == spanId && !spans[i].has(SyntheticRoot))
            return static_cast<int>(i);
    }
    return -1;
}

TraceSummary Trace::summary() const
{
    TraceSummary out;
    out.traceId = traceId;
    out.flags = flags;
    out.eventCount = events;
    out.errorCount = static_cast<std::int64_t>(errors.size());
    std::set<std::string> services;
    std::set<std::string> projects;
    std::set<std::string> ops;
    const TraceSpan* named = nullptr; // the span the trace is named after
    for (const TraceSpan& s : spans) {
        if (s.has(SyntheticRoot))
            continue;
        ++out.spanCount;
        if (!s.service.empty())
            services.insert(s.service);
        if (!s.project.empty())
            projects.insert(s.project);
        if (!s.op.empty())
            ops.insert(s.op);
        // The root, or under a synthetic root the earliest top-level transaction.
        if (s.has(TransactionSpan) && (!named || s.depth < named->depth))
            named = &s;
    }
    for (const TraceError& e : errors) {
        if (!e.project.empty())
            projects.insert(e.project);
    }
    out.services.assign(services.begin(), services.end());
    out.projects.assign(projects.begin(), projects.end());
    out.ops.assign(ops.begin(), ops.end());
    if (named) {
        out.rootName = named->description;
        out.rootOp = named->op;
        out.rootEventId = named->eventId;
    } else if (!errors.empty()) {
        out.rootName = errors.front().title;
    }
    if (root >= 0 && static_cast<std::size_t>(root) < spans.size()) {
        const TraceSpan& r = spans[static_cast<std::size_t>(root)];
        out.start = r.start;
        out.duration = std::max<Micros>(0, r.adjustedEnd - r.adjustedStart);
    }
    return out;
}

} // namespace stackdeck::trace
