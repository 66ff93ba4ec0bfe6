#pragma once

#include "customrules.h"

#include <cstddef>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace stackdeck::report {

// One secret or piece of personal data in an event's JSON.
struct RedactionFinding {
    std::string path; // JSON Pointer (RFC 6901) of the string or value holding it
    std::string detector; // "card", "ipv4", ..., "key:password", "custom:NAME"
    std::size_t offset = 0; // byte span inside the string; the whole value when wholeValue
    std::size_t length = 0;
    bool wholeValue = false; // found by the key's name: the value goes entirely
    std::string match; // the matched text (for the preview; never written to a log)

    bool operator==(const RedactionFinding&) const = default;
};

// Every finding in `event` (the stored original JSON, any shape): by key
// name, by value, and by the workspace's custom rules. Object keys and
// header/cookie pair lists ([["Cookie", "..."]]) are both read as keys.
std::vector<RedactionFinding> scanForSecrets(const nlohmann::json& event, const CustomRules& rules = {});

enum class RedactionStyle {
    Filtered, // the span or value becomes "[Filtered]", as Sentry's scrubber writes it
    Mask, // each character of the span becomes '*' (keys, lengths and separators stay)
};

struct RedactionOptions {
    RedactionStyle style = RedactionStyle::Filtered;
    std::set<std::string> disabledPaths; // findings at these paths are left as they are
};

struct Redacted {
    nlohmann::json event; // the redacted copy
    nlohmann::json log; // [{path, detector, offset, length, applied}], never the secret itself
    std::size_t applied = 0;
};

// A redacted copy of `event`; findings at a disabled path are logged as not applied.
Redacted applyRedaction(
    const nlohmann::json& event, const std::vector<RedactionFinding>& findings, const RedactionOptions& options = {});

// Findings per detector, for a summary.
nlohmann::json countByDetector(const std::vector<RedactionFinding>& findings);

} // namespace stackdeck::report
