#include "timemapping.h"

#include <algorithm>
#include <cmath>

namespace stackdeck::ui {

TimeMapping TimeMapping::covering(Micros start, Micros end, double left, double width)
{
    TimeMapping m;
    m.traceStart = start;
    m.traceEnd = std::max(end, start + kMinWindow);
    m.viewStart = m.traceStart;
    m.viewEnd = m.traceEnd;
    m.left = left;
    m.width = std::max(1.0, width);
    return m;
}

double TimeMapping::pixelsPerMicro() const
{
    return width / static_cast<double>(std::max<Micros>(1, window()));
}

double TimeMapping::toPixel(Micros t) const
{
    return left + static_cast<double>(t - viewStart) * pixelsPerMicro();
}

Micros TimeMapping::toTime(double x) const
{
    return viewStart + static_cast<Micros>(std::llround((x - left) / pixelsPerMicro()));
}

TimeMapping TimeMapping::clamped() const
{
    TimeMapping m = *this;
    const Micros length = std::max(kMinWindow, traceLength());
    Micros w = std::clamp(m.viewEnd - m.viewStart, std::min(kMinWindow, length), length);
    if (m.viewStart < traceStart)
        m.viewStart = traceStart;
    if (m.viewStart + w > traceStart + length)
        m.viewStart = traceStart + length - w;
    m.viewEnd = m.viewStart + w;
    return m;
}

TimeMapping TimeMapping::zoomedAt(double anchorX, double factor) const
{
    if (!(factor > 0))
        return *this;
    const double x = std::clamp(anchorX, left, left + width);
    const Micros anchor = toTime(x);
    const double newWindow = std::max(static_cast<double>(kMinWindow), static_cast<double>(window()) / factor);
    TimeMapping m = *this;
    const double before = (x - left) / width * newWindow;
    m.viewStart = anchor - static_cast<Micros>(std::llround(before));
    m.viewEnd = m.viewStart + static_cast<Micros>(std::llround(newWindow));
    return m.clamped();
}

TimeMapping TimeMapping::zoomedTo(Micros from, Micros to) const
{
    if (to < from)
        std::swap(from, to);
    TimeMapping m = *this;
    if (to - from < kMinWindow) {
        const Micros mid = from + (to - from) / 2;
        from = mid - kMinWindow / 2;
        to = from + kMinWindow;
    }
    m.viewStart = from;
    m.viewEnd = to;
    return m.clamped();
}

TimeMapping TimeMapping::pannedBy(double dx) const
{
    TimeMapping m = *this;
    const Micros dt = static_cast<Micros>(std::llround(dx / pixelsPerMicro()));
    m.viewStart += dt;
    m.viewEnd += dt;
    return m.clamped();
}

TimeMapping TimeMapping::centredOn(Micros t) const
{
    TimeMapping m = *this;
    const Micros w = window();
    m.viewStart = t - w / 2;
    m.viewEnd = m.viewStart + w;
    return m.clamped();
}

Micros TimeMapping::tickStep(double minPixels) const
{
    const double wanted = std::max(1.0, minPixels) / pixelsPerMicro(); // µs between ticks, at least
    Micros step = 1;
    while (true) {
        for (const Micros k : {Micros {1}, Micros {2}, Micros {5}}) {
            if (static_cast<double>(step * k) >= wanted)
                return step * k;
        }
        if (step > Micros {1'000'000'000'000'000})
            return step;
        step *= 10;
    }
}

std::vector<Micros> TimeMapping::ticks(double minPixels) const
{
    const Micros step = tickStep(minPixels);
    std::vector<Micros> out;
    const Micros fromStart = viewStart - traceStart;
    Micros offset = (fromStart + step - 1) / step * step;
    for (; traceStart + offset <= viewEnd && out.size() < 1000; offset += step)
        out.push_back(traceStart + offset);
    return out;
}

namespace {

QString scaled(double value, int decimals, const QString& unit)
{
    return QString::number(value, 'f', decimals) + unit;
}

int decimalsFor(Micros step, Micros unit)
{
    int decimals = 0;
    for (Micros u = unit; u > step && decimals < 3; u /= 10)
        ++decimals;
    return decimals;
}

} // namespace

QString tickLabel(Micros offset, Micros step)
{
    if (offset == 0)
        return QStringLiteral("0");
    constexpr Micros kMs = 1000;
    constexpr Micros kS = 1'000'000;
    constexpr Micros kMin = 60 * kS;
    const double v = static_cast<double>(offset);
    if (step < kMs && offset < kMs)
        return scaled(v, 0, QStringLiteral("µs"));
    if (step < kS && offset < kS)
        return scaled(v / kMs, decimalsFor(step, kMs), QStringLiteral("ms"));
    if (offset < kMin || step < kS)
        return scaled(v / kS, decimalsFor(step, kS), QStringLiteral("s"));
    const Micros minutes = offset / kMin;
    const Micros seconds = (offset % kMin) / kS;
    return QStringLiteral("%1m %2s").arg(minutes).arg(seconds, 2, 10, QLatin1Char('0'));
}

QString durationText(Micros d)
{
    const double v = static_cast<double>(d);
    if (d < 0)
        return QStringLiteral("-") + durationText(-d);
    if (d < 1000)
        return scaled(v, 0, QStringLiteral("µs"));
    if (d < 1'000'000)
        return scaled(v / 1000, d < 100'000 ? 2 : 1, QStringLiteral("ms"));
    if (d < 60'000'000)
        return scaled(v / 1'000'000, 2, QStringLiteral("s"));
    const Micros minutes = d / 60'000'000;
    const Micros seconds = (d % 60'000'000) / 1'000'000;
    return QStringLiteral("%1m %2s").arg(minutes).arg(seconds, 2, 10, QLatin1Char('0'));
}

} // namespace stackdeck::ui
