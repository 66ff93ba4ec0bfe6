#pragma once

#include "enhancements.h"
#include "fingerprintrules.h"

#include <memory>
#include <string_view>

namespace stackdeck::grouping {

struct GroupingConfig;

// Parsed project rule sets, cached process-wide by their text (bounded; a
// project's rules are parsed once however many events are grouped with them).
// Thread-safe.
RuleResult<std::shared_ptr<const Enhancements>> cachedEnhancements(bool withBuiltins, std::string_view customText);
RuleResult<std::shared_ptr<const FingerprintRules>> cachedFingerprintRules(std::string_view text);

// The rule sets a config asks for; parse errors are appended to `errors` and
// the broken part is left out.
std::shared_ptr<const Enhancements> resolveEnhancements(const GroupingConfig& config, std::vector<std::string>& errors);
std::shared_ptr<const FingerprintRules> resolveFingerprintRules(
    const GroupingConfig& config, std::vector<std::string>& errors);

} // namespace stackdeck::grouping
