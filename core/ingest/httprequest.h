#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stackdeck::ingest {

// One HTTP/1.1 request as the parser (httprequestparser.h) framed it: the
// body is the bytes as sent (still compressed, chunking removed).
struct HttpRequest {
    std::string method;
    std::string target; // as sent: "/api/1/envelope/?sentry_key=..."
    std::string path; // target without the query, percent-decoding not applied
    std::string version; // "HTTP/1.1" or "HTTP/1.0"
    std::vector<std::pair<std::string, std::string>> query; // percent-decoded, in order
    std::vector<std::pair<std::string, std::string>> headers; // names lowercased, values trimmed
    std::string body;
    bool keepAlive = true;
    bool chunked = false;

    // The first header of that (lowercase) name.
    const std::string* header(std::string_view lowerName) const;
    std::optional<std::string> queryValue(std::string_view name) const;
};

// Percent-decoding of a query component ('+' is a space); invalid escapes stay as they are.
std::string percentDecode(std::string_view text);

} // namespace stackdeck::ingest
