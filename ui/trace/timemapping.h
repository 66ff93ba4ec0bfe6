#pragma once

#include "model/timestamp.h"

#include <QString>

#include <vector>

namespace stackdeck::ui {

// Maps trace time to pixels and back for the timeline: the visible window
// [viewStart, viewEnd) of the trace [traceStart, traceEnd) over the pixels
// [left, left + width). A plain value, so zoom, pan and ticks are tested apart
// from the widget. Zoom and pan keep the window inside the trace and never
// narrower than kMinWindow.
struct TimeMapping {
    static constexpr Micros kMinWindow = 10; // 10 µs

    Micros traceStart = 0;
    Micros traceEnd = 1;
    Micros viewStart = 0;
    Micros viewEnd = 1;
    double left = 0;
    double width = 1;

    static TimeMapping covering(Micros start, Micros end, double left, double width);

    Micros window() const { return viewEnd - viewStart; }
    Micros traceLength() const { return traceEnd - traceStart; }
    bool isZoomed() const { return viewStart > traceStart || viewEnd < traceEnd; }
    double pixelsPerMicro() const;
    double toPixel(Micros t) const;
    Micros toTime(double x) const;
    // Pixels a duration covers at this zoom (may be below 1: a density band).
    double extent(Micros duration) const { return static_cast<double>(duration) * pixelsPerMicro(); }

    // factor > 1 zooms in; the instant under pixel `anchorX` stays where it is.
    TimeMapping zoomedAt(double anchorX, double factor) const;
    // The window becomes [from, to) (ordered, clamped, at least kMinWindow).
    TimeMapping zoomedTo(Micros from, Micros to) const;
    // Moves the window by `dx` pixels' worth of time (positive: later).
    TimeMapping pannedBy(double dx) const;
    // Centres the window on `t` without changing its length.
    TimeMapping centredOn(Micros t) const;
    TimeMapping reset() const { return covering(traceStart, traceEnd, left, width); }

    // A "nice" tick step (1, 2 or 5 times a power of ten, in µs) giving ticks
    // at least `minPixels` apart.
    Micros tickStep(double minPixels) const;
    // Tick instants (multiples of tickStep from traceStart) inside the window.
    std::vector<Micros> ticks(double minPixels) const;

    bool operator==(const TimeMapping&) const = default;

private:
    TimeMapping clamped() const;
};

// A tick label relative to the trace start: "0", "250µs", "1.5ms", "2s", "1m 30s",
// with as many decimals as `step` needs.
QString tickLabel(Micros offset, Micros step);
// A span duration for rows and tooltips: "850µs", "12.35ms", "1.24s", "2m 05s".
QString durationText(Micros duration);

} // namespace stackdeck::ui
