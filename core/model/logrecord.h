#pragma once

#include "rawjson.h"
#include "timestamp.h"

#include <QMetaType>

#include <cstdint>
#include <optional>
#include <string>

namespace stackdeck {

// One structured log line from a `log` envelope item ({"items": [...]}).
// Levels are kept as sent: the log protocol has `trace` and `warn`, which the
// event Level enum deliberately does not.
struct LogRecord {
    std::optional<Micros> timestamp;
    std::string traceId; // 32 lowercase hex when valid, else as sent
    std::string spanId; // `span_id`, else the `sentry.trace.parent_span_id` attribute
    std::string level;
    std::optional<std::int64_t> severityNumber;
    std::string body;
    std::string release; // attribute `sentry.release`
    std::string environment; // attribute `sentry.environment`
    RawJson attributes; // typed attributes {"key": {"type": ..., "value": ...}} as sent

    bool operator==(const LogRecord&) const = default;
};

} // namespace stackdeck

Q_DECLARE_METATYPE(stackdeck::LogRecord)
