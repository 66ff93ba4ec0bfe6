#pragma once

#include "tracemodel.h"

#include <string>
#include <vector>

namespace stackdeck::trace {

// One step of the way from a trace's root down to a span.
struct PathStep {
    int span = -1; // index into Trace::spans
    std::string spanId;
    std::string service;
    std::string op;
    std::string description;
    bool synthetic = false; // the made-up root that holds several roots or orphans
};

// Where an error event sits in its trace: the steps from the root to the span
// it was attached to (the root first, that span last), and whether it named a
// span the trace does not have (then it hangs on the root). Empty steps when
// the event is not an error of this trace.
struct ErrorPath {
    std::vector<PathStep> steps;
    bool onRoot = false;
    std::string reportedSpanId; // as the event named it
};

ErrorPath errorPath(const Trace& trace, const std::string& eventId);

// The steps from the root to the span at `index` (empty for a bad index).
std::vector<PathStep> pathTo(const Trace& trace, int index);

} // namespace stackdeck::trace
