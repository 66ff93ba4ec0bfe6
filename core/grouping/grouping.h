#pragma once

#include "groupingcomponent.h"
#include "model/event.h"
#include "util/result.h"

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stackdeck::grouping {

class Enhancements;
class FingerprintRules;

// The server-side fingerprint rule that replaced the event's fingerprint.
struct MatchedFingerprintRule {
    std::string text; // `type:"X" -> "fp"` as the server prints it
    std::vector<std::pair<std::string, std::string>> matchers; // [key (with '!' if negated), pattern]
    std::vector<std::string> fingerprint; // unresolved
    std::optional<std::string> title; // the `title=` attribute
    bool isBuiltin = false;

    bool operator==(const MatchedFingerprintRule&) const = default;
};

// `_fingerprint_info`: the client's own fingerprint (when it was not the
// default) and the matched server rule.
struct FingerprintInfo {
    std::optional<std::vector<std::string>> clientFingerprint;
    std::optional<MatchedFingerprintRule> matchedRule;

    bool empty() const { return !clientFingerprint && !matchedRule; }
    bool operator==(const FingerprintInfo&) const = default;
};

// One grouping variant (sentry `BaseVariant`): `app`, `system`, `default`,
// `custom-fingerprint`, `built-in-fingerprint`, `checksum`,
// `hashed-checksum` or `fallback`.
struct GroupingVariant {
    std::string name;
    std::string type; // component | salted-component | custom-fingerprint | built-in-fingerprint |
                      // checksum | hashed-checksum | fallback
    std::optional<std::string> hash; // nullopt when the variant does not contribute
    bool contributes = false;
    std::string hint; // why the variant does not contribute (its root component's hint)
    std::vector<std::string> hashInput; // exactly what was fed to MD5, in order (empty without details)
    std::optional<GroupingComponent> component;

    // Extras by type.
    std::vector<std::string> fingerprint; // salted-component: the unresolved fingerprint
    std::vector<std::string> values; // *-fingerprint: the resolved values
    FingerprintInfo info;
    std::string checksum; // checksum / hashed-checksum: the hash
    std::string rawChecksum; // hashed-checksum: the client's value

    bool operator==(const GroupingVariant&) const = default;
};

struct GroupingResult {
    std::vector<GroupingVariant> variants; // in the order the server produces them
    std::vector<std::string> hashes; // event.hashes: non-null, deduplicated, `system` last
    std::optional<std::string> title; // a matched fingerprint rule's `title=` attribute (unexpanded)
    std::optional<std::size_t> mainException; // index into event.exceptions of the one naming the issue
    std::vector<std::string> configErrors; // custom rules that could not be parsed (then ignored)

    const std::string& primaryHash() const;
    const GroupingVariant* variant(std::string_view name) const;
};

// What to group with. Defaults reproduce a new Sentry project on
// `newstyle:2023-01-11` without project rules.
struct GroupingConfig {
    bool builtInEnhancements = true; // the base stack trace rules
    bool builtInFingerprintRules = true; // `javascript@2024-02-02`
    std::string enhancements; // the project's stack trace rules (appended to the base)
    std::string fingerprintRules; // the project's server-side fingerprint rules (text)
    // Already parsed project rules; take precedence over the text fields.
    std::shared_ptr<const Enhancements> customEnhancements;
    std::shared_ptr<const FingerprintRules> customFingerprintRules;
    // false: only hashes and flags (no component trees, no hash inputs) - the import fast path.
    bool withDetails = true;
};

// Parses the text fields of `config` into the shared-pointer fields, so
// errors surface with line and column before any event is grouped. Parsed
// rule sets are cached by text, so preparing the same project twice is cheap.
Status prepareGroupingConfig(GroupingConfig& config);

// Computes the variants and hashes for `event` exactly as the server would
// (docs/grouping-algorithm.md). Always computes, even when the event carries
// the server's `hashes`.
GroupingResult computeGrouping(const Event& event, const GroupingConfig& config = {});

// The hashes to store for an event: the server's own `hashes` when the event
// carries them (exports from Sentry), else the computed ones.
std::vector<std::string> storageHashes(const Event& event, const GroupingConfig& config = {});

// {"primary_hash", "hashes", "variants": {name: {type, hash, contributes, hint,
// hash_input, component, ...}}}: the `stackdeck-cli hash --json` shape.
nlohmann::json groupingToJson(const GroupingResult& result);
nlohmann::json componentToJson(const GroupingComponent& component);

} // namespace stackdeck::grouping
