#include "logdecoder.h"

#include "jsonaccess.h"
#include "segmentbuilder.h"

namespace stackdeck {

using namespace json;

LogRecord decodeLogRecord(element item)
{
    LogRecord log;
    if (!isObject(item))
        return log;
    for (auto [key, value] : object(item)) {
        if (isNull(value))
            continue;
        if (key == "timestamp")
            log.timestamp = timestamp(value);
        else if (key == "trace_id") {
            log.traceId = normalizeUuid(str(value));
            if (log.traceId.empty())
                log.traceId = str(value);
        } else if (key == "span_id")
            log.spanId = str(value);
        else if (key == "level")
            log.level = str(value);
        else if (key == "severity_number")
            log.severityNumber = integer(value);
        else if (key == "body")
            log.body = isString(value) ? str(value) : minified(value);
        else if (key == "attributes" && isObject(value)) {
            log.attributes = raw(value);
            log.release = attributeText(value, "sentry.release");
            log.environment = attributeText(value, "sentry.environment");
            if (log.spanId.empty())
                log.spanId = attributeText(value, "sentry.trace.parent_span_id");
        }
    }
    return log;
}

std::vector<LogRecord> decodeLogItems(array items)
{
    std::vector<LogRecord> out;
    out.reserve(items.size());
    for (element item : items) {
        if (isObject(item))
            out.push_back(decodeLogRecord(item));
    }
    return out;
}

} // namespace stackdeck
