#pragma once

#include "enhancementparser.h"
#include "glob.h"
#include "groupingcontext.h"

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// One `key:pattern` of a server-side fingerprint rule.
struct FingerprintMatcher {
    enum class Group : std::uint8_t { TopLevel, Exceptions, Frames, LogInfo, Tags, Sdk, Family, Release };

    std::string key; // canonical: type, value, message, module, path, package, function, logger,
                     // level, family, app, sdk, release, tags.NAME
    std::string pattern;
    bool negated = false;
    Group group = Group::Frames;
    std::optional<Glob> glob;
    std::vector<std::string> flags; // family / sdk: the comma-separated list
    std::optional<bool> app; // app: the expected value (nullopt never matches)

    std::string text() const; // `!key:"pattern"`
};

struct FingerprintRule {
    std::vector<FingerprintMatcher> matchers;
    std::vector<std::string> fingerprint; // unresolved; `{{ default }}` normalised
    std::optional<std::string> title;
    bool builtin = false;

    std::string text() const; // `type:"X" -> "fp" title="..."`
};

// A list of fingerprint rules tried in order; the first rule whose matcher
// groups all match wins (docs/grouping-algorithm.md §11). Immutable.
class FingerprintRules {
public:
    FingerprintRules() = default;
    explicit FingerprintRules(std::vector<FingerprintRule> rules);

    // The text syntax of project settings: `matchers -> fingerprint, ... title="..."`.
    static RuleResult<std::shared_ptr<const FingerprintRules>> parse(std::string_view text, bool builtin = false);
    // The stored form: [{"matchers": [[key, pattern], ...], "fingerprint": [...], "attributes": {...}}].
    static Result<std::shared_ptr<const FingerprintRules>> fromJson(const nlohmann::json& rules);
    // Built-in rules of `newstyle:2023-01-11`: `javascript@2024-02-02`.
    static std::shared_ptr<const FingerprintRules> builtinJavascript();

    const std::vector<FingerprintRule>& rules() const { return m_rules; }
    const FingerprintRule* match(GroupingContext& ctx) const;

private:
    std::vector<FingerprintRule> m_rules;
};

// Builds a matcher; errors name the unknown key or a bad pattern.
Result<FingerprintMatcher> makeFingerprintMatcher(std::string_view key, std::string pattern, bool negated);

} // namespace stackdeck::grouping
