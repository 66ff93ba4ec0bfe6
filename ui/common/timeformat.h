#pragma once

#include "model/timestamp.h"

#include <QString>

namespace stackdeck::ui {

// "3 min ago", "5 hours ago", "2 days ago", "in 4 days" relative to `now` (microseconds, UTC).
QString relativeTime(Micros when, Micros now);
// "2026-12-01 16:30:34 UTC"; with millis: "16:30:34.745".
QString absoluteTime(Micros when);
QString clockTime(Micros when, bool millis = true);
// "+1.250s", "-3m 02s" for breadcrumbs relative to the event.
QString relativeOffset(Micros delta);
// 1234567 -> "1.2M", 12345 -> "12k"; below 10,000 the full number.
QString compactCount(std::int64_t n);
QString byteSize(std::int64_t bytes);
Micros nowMicros();

} // namespace stackdeck::ui
