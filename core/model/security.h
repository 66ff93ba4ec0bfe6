#pragma once

#include "rawjson.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck {

// Browser security reports (CSP, HPKP, Expect-CT, Expect-Staple) as they appear
// on the event, under their interface keys.
struct CspReport {
    std::string effectiveDirective;
    std::string violatedDirective;
    std::string blockedUri;
    std::string documentUri;
    std::string originalPolicy;
    std::string referrer;
    std::string sourceFile;
    std::optional<std::int64_t> lineNumber;
    std::optional<std::int64_t> columnNumber;
    std::string disposition;
    std::optional<std::int64_t> statusCode;
    std::string scriptSample;

    bool operator==(const CspReport&) const = default;
};

struct HostnameReport { // HPKP, Expect-CT, Expect-Staple share what grouping needs
    std::string hostname;
    std::optional<std::int64_t> port;
    RawJson all; // the whole interface object

    bool operator==(const HostnameReport&) const = default;
};

struct TemplateInfo {
    std::string filename;
    std::string absPath;
    std::optional<std::int64_t> lineno;
    std::string contextLine;
    std::vector<std::string> preContext;
    std::vector<std::string> postContext;

    bool operator==(const TemplateInfo&) const = default;
};

} // namespace stackdeck
