#pragma once

#include "rawjson.h"

#include <string>
#include <utility>
#include <vector>

namespace stackdeck {

// `logentry`: after normalisation `message` survives only as a real template
// that differs from the `formatted` text.
struct LogEntry {
    std::string message;
    std::string formatted;
    RawJson params;

    const std::string& displayText() const { return formatted.empty() ? message : formatted; }
    bool operator==(const LogEntry&) const = default;
};

struct SdkInfo {
    std::string name;
    std::string version;
    std::vector<std::string> integrations;
    std::vector<std::pair<std::string, std::string>> packages;

    bool operator==(const SdkInfo&) const = default;
};

} // namespace stackdeck
