#pragma once

#include "model/timestamp.h"
#include "store/sqlfilter.h"

#include <optional>
#include <string>
#include <string_view>

namespace stackdeck::query {

// A problem in a search, with where it is (byte offset and length in the text)
// so the UI can point at it.
struct QueryError {
    std::string message;
    int position = 0;
    int length = 0;
};

struct CompiledQuery {
    SqlFilter filter;
    std::optional<QueryError> error; // set when the text could not be understood; filter is then empty
};

// The issue search language -> a filter over the issues table with bound
// parameters. `now` anchors relative times like `lastSeen:-24h`.
CompiledQuery compileIssueQuery(std::string_view text, Micros now);

} // namespace stackdeck::query
