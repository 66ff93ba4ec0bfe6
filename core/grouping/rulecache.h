#pragma once

#include "enhancements.h"
#include "fingerprintrules.h"

#include <memory>
#include <string_view>

namespace stackdeck::grouping {

// Parsed project rule sets, cached process-wide by their text (bounded; a
// project's rules are parsed once however many events are grouped with them).
// Thread-safe.
RuleResult<std::shared_ptr<const Enhancements>> cachedEnhancements(bool withBuiltins, std::string_view customText);
RuleResult<std::shared_ptr<const FingerprintRules>> cachedFingerprintRules(std::string_view text);

} // namespace stackdeck::grouping
