#pragma once

#include "pairs.h"
#include "rawjson.h"

#include <optional>
#include <string>

namespace stackdeck {

// The HTTP request interface. Object, pair-list and raw-string inputs all
// end up as pairs; the raw query/cookie strings are kept when that is what came.
struct Request {
    std::string url; // without ?query and #fragment when those were split off
    std::string method;
    Pairs query;
    std::string queryString; // raw form when sent as a string
    std::string fragment;
    Pairs headers;
    Pairs cookies;
    std::string cookieString; // raw Cookie header when sent as a string
    RawJson data; // body: string, object (form or JSON) or array
    RawJson env;
    std::string inferredContentType;
    std::string apiTarget;
    std::optional<std::int64_t> bodySize;
    std::string protocol;

    bool operator==(const Request&) const = default;
};

} // namespace stackdeck
