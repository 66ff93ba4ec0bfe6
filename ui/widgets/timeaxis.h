#pragma once

#include "model/timestamp.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace stackdeck::ui {

// Maps instants to pixels and back for the histogram: [from, to) over
// [left, left + width). A plain value so the arithmetic is unit-tested apart
// from any widget.
struct TimeAxis {
    Micros from = 0;
    Micros to = 1;
    double left = 0;
    double width = 1;

    double span() const { return static_cast<double>(std::max<Micros>(1, to - from)); }
    double toPixel(Micros t) const { return left + static_cast<double>(t - from) / span() * width; }
    Micros toTime(double x) const
    {
        const double f = std::clamp((x - left) / std::max(1.0, width), 0.0, 1.0);
        return from + static_cast<Micros>(std::llround(f * span()));
    }
    // Index of the bucket under pixel x, or -1 outside.
    int bucketAt(double x, Micros bucket) const
    {
        if (x < left || x >= left + width || bucket <= 0)
            return -1;
        return static_cast<int>((toTime(x) - from) / bucket);
    }

    static constexpr Micros kHour = 3'600'000'000LL;
    static constexpr Micros kDay = 24 * kHour;
    static constexpr Micros kZoomBelow = 14 * kDay; // the issue histogram zooms to spans shorter than this
    // Hour buckets up to 3 days of range, day buckets beyond; the range is
    // widened to whole buckets so bars line up with their labels.
    static Micros bucketFor(Micros first, Micros last) { return last - first <= 3 * kDay ? kHour : kDay; }
    static TimeAxis covering(Micros first, Micros last, double left, double width)
    {
        const Micros bucket = bucketFor(first, last);
        auto floorTo = [](Micros t, Micros b) { return t >= 0 ? t / b * b : -((-t + b - 1) / b) * b; };
        TimeAxis axis;
        axis.from = floorTo(first, bucket);
        axis.to = floorTo(last, bucket) + bucket;
        const Micros minimum = bucket == kHour ? 24 * kHour : 14 * kDay;
        if (axis.to - axis.from < minimum)
            axis.from = axis.to - minimum;
        axis.left = left;
        axis.width = width;
        return axis;
    }
};

// The issue histogram's range and bucket. Events that all fall within 14 days
// are zoomed to: the axis spans them (at least 12 buckets, padded evenly on
// both sides) in hour buckets up to 3 days, 6-hour buckets beyond.
// Longer-lived issues get day buckets over their life, at most the last 180 days.
struct HistogramRange {
    TimeAxis axis;
    Micros bucket = TimeAxis::kHour;
};

inline HistogramRange issueHistogramRange(Micros first, Micros last)
{
    constexpr Micros kHour = TimeAxis::kHour;
    constexpr Micros kDay = TimeAxis::kDay;
    if (last < first)
        std::swap(first, last);
    auto floorTo = [](Micros t, Micros b) { return t >= 0 ? t / b * b : -((-t + b - 1) / b) * b; };
    HistogramRange out;
    if (last - first >= TimeAxis::kZoomBelow) {
        out.bucket = kDay;
        out.axis = TimeAxis::covering(first, last, 0, 1);
        if (out.axis.to - out.axis.from > 180 * kDay)
            out.axis.from = out.axis.to - 180 * kDay;
        return out;
    }
    out.bucket = last - first <= 3 * kDay ? kHour : 6 * kHour;
    out.axis.from = floorTo(first, out.bucket);
    out.axis.to = floorTo(last, out.bucket) + out.bucket;
    constexpr Micros kMinBuckets = 12;
    const Micros have = (out.axis.to - out.axis.from) / out.bucket;
    if (have < kMinBuckets) {
        const Micros pad = kMinBuckets - have;
        out.axis.from -= (pad / 2) * out.bucket;
        out.axis.to += (pad - pad / 2) * out.bucket;
    }
    return out;
}

} // namespace stackdeck::ui
