#pragma once

#include "model/timestamp.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::trace {

// A trace-list search, in the issue search language's style:
//   trace:ID  op:OP  service:NAME  project:NAME  has:error  !has:error
//   duration:>500ms  duration:<=2s  (us, ms, s, m; no unit = ms)
//   free words: in the root transaction's name (all must match)
// Values may be quoted: op:"db query".
struct TraceFilter {
    std::string traceId; // prefix of the trace id
    std::vector<std::string> ops; // a span of the trace has each op
    std::vector<std::string> services;
    std::vector<std::string> projects;
    std::optional<bool> hasError;
    std::optional<Micros> minDuration; // inclusive bounds, microseconds
    std::optional<Micros> maxDuration;
    std::vector<std::string> words;

    bool isEmpty() const
    {
        return traceId.empty() && ops.empty() && services.empty() && projects.empty() && !hasError && !minDuration
            && !maxDuration && words.empty();
    }
};

struct TraceFilterResult {
    TraceFilter filter;
    std::string error; // empty when the query parsed
};

TraceFilterResult parseTraceFilter(std::string_view query);

// "500ms", "2s", "1.5m", "250us", "300" (ms); nullopt when not a duration.
std::optional<Micros> parseDuration(std::string_view text);

} // namespace stackdeck::trace
