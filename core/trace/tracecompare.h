#pragma once

#include "tracemodel.h"

namespace stackdeck::trace {

// One row of the aligned tree of two traces.
struct ComparedSpan {
    int a = -1; // index into the first trace's spans; -1: only in B
    int b = -1; // index into the second's; -1: only in A
    int parent = -1; // index into TraceComparison::rows
    int depth = 0;
    std::string service;
    std::string op;
    std::string description;
    Micros durationA = 0; // adjusted durations
    Micros durationB = 0;

    bool inBoth() const { return a >= 0 && b >= 0; }
    Micros difference() const { return durationB - durationA; } // B - A
    // (B - A) / A; nullopt when not in both or A lasted 0.
    std::optional<double> relativeDifference() const;
};

struct TraceComparison {
    std::vector<ComparedSpan> rows; // depth-first, parents first
    int onlyInA = 0;
    int onlyInB = 0;
    int matched = 0;
};

// Aligns two traces (meant for two of the same root transaction): the roots
// match each other; below a matched pair, spans match by their path from the
// root of (service, op, description), the n-th of repeated siblings with the
// same key matching the n-th on the other side (siblings in start order).
// Spans under an unmatched span are unmatched with it.
TraceComparison compareTraces(const Trace& a, const Trace& b);

} // namespace stackdeck::trace
