#include "spanpath.h"

#include <algorithm>

namespace stackdeck::trace {

std::vector<PathStep> pathTo(const Trace& trace, int index)
{
    std::vector<PathStep> out;
    const int count = static_cast<int>(trace.spans.size());
    // The parent links form a tree; the bound keeps a damaged one from looping.
    for (int i = index; i >= 0 && i < count && static_cast<int>(out.size()) <= count;) {
        const TraceSpan& s = trace.spans[static_cast<std::size_t>(i)];
        out.push_back({i, s.spanId, s.service, s.op, s.description, s.has(SyntheticRoot)});
        i = s.parent;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

ErrorPath errorPath(const Trace& trace, const std::string& eventId)
{
    ErrorPath out;
    const auto error = std::find_if(
        trace.errors.begin(), trace.errors.end(), [&](const TraceError& e) { return e.eventId == eventId; });
    if (error == trace.errors.end())
        return out;
    out.onRoot = error->onRoot;
    out.reportedSpanId = error->spanId;
    out.steps = pathTo(trace, error->span);
    return out;
}

} // namespace stackdeck::trace
