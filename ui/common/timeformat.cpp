#include "timeformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <cstdlib>

namespace stackdeck::ui {

namespace {
QDateTime utc(Micros when)
{
    return QDateTime::fromMSecsSinceEpoch(when / 1000, QTimeZone::utc());
}
QString plural(std::int64_t n, const char* unit)
{
    return QString::number(n) + QLatin1Char(' ') + QLatin1String(unit) + (n == 1 ? QString() : QStringLiteral("s"));
}
} // namespace

Micros nowMicros()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

QString relativeTime(Micros when, Micros now)
{
    const std::int64_t secs = (now - when) / 1'000'000;
    const bool future = secs < 0;
    const std::int64_t s = std::llabs(secs);
    QString text;
    if (s < 45)
        return future ? QStringLiteral("in a moment") : QCoreApplication::translate("TimeFormat", "just now");
    if (s < 3600)
        text = plural(std::max<std::int64_t>(1, s / 60), "min");
    else if (s < 86400)
        text = plural(s / 3600, "hour");
    else if (s < 86400 * 30)
        text = plural(s / 86400, "day");
    else if (s < 86400 * 365)
        text = plural(s / (86400 * 30), "month");
    else
        text = plural(s / (86400 * 365), "year");
    return future ? QStringLiteral("in ") + text : text + QStringLiteral(" ago");
}

QString absoluteTime(Micros when)
{
    return utc(when).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString clockTime(Micros when, bool millis)
{
    return utc(when).toString(millis ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss"));
}

QString relativeOffset(Micros delta)
{
    const QChar sign = delta < 0 ? QLatin1Char('-') : QLatin1Char('+');
    const std::int64_t ms = std::llabs(delta) / 1000;
    if (ms < 60'000)
        return sign + QString::number(static_cast<double>(ms) / 1000.0, 'f', 3) + QLatin1Char('s');
    const std::int64_t m = ms / 60'000;
    const std::int64_t s = (ms / 1000) % 60;
    return sign + QString::number(m) + QStringLiteral("m ") + QStringLiteral("%1s").arg(s, 2, 10, QLatin1Char('0'));
}

QString compactCount(std::int64_t n)
{
    if (n < 10'000)
        return QString::number(n);
    if (n < 1'000'000)
        return QString::number(n / 1000) + QLatin1Char('k');
    return QString::number(static_cast<double>(n) / 1e6, 'f', 1) + QLatin1Char('M');
}

QString byteSize(std::int64_t bytes)
{
    if (bytes < 1024)
        return QString::number(bytes) + QStringLiteral(" B");
    if (bytes < 1024 * 1024)
        return QString::number(static_cast<double>(bytes) / 1024.0, 'f', 1) + QStringLiteral(" KB");
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MB");
}

} // namespace stackdeck::ui
