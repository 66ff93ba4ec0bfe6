#pragma once

#include "tracemodel.h"

namespace stackdeck::trace {

// A stretch of one span's time on the critical path.
struct CriticalSection {
    int span = -1;
    Micros start = 0;
    Micros end = 0;

    bool operator==(const CriticalSection&) const = default;
};

// Jaeger's critical path (jaeger-ui TracePage/CriticalPath): from the root's
// end, walk back through the last-finishing child at each level; when a span
// has no child that finished before the point reached, its own time down to
// its start is on the path and the walk returns to its parent at that start.
// Times are the skew-adjusted ones, children clipped to their parent (and
// children wholly outside it dropped) as Jaeger sanitizes overflowing spans.
// Returns the sections, latest first; sets critical, criticalTime and
// selfTime (adjusted duration not covered by children) on every span.
std::vector<CriticalSection> computeCriticalPath(Trace& trace);

} // namespace stackdeck::trace
