#pragma once

#include "groupingcontext.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

inline constexpr std::string_view kDefaultFingerprintVariable = "{{ default }}";

// `parse_fingerprint_var`: the name inside `{{ name }}` when the whole entry
// is one variable (whitespace inside the braces allowed), else nullopt.
std::optional<std::string_view> parseFingerprintVariable(std::string_view entry);
bool isDefaultFingerprintVariable(std::string_view entry);

// `resolve_fingerprint_values`: each `{{ variable }}` entry replaced by its
// value from the event (§11), raw and unparameterized; `{{ default }}` is
// normalised to "{{ default }}"; unknown variables stay literal.
std::vector<std::string> resolveFingerprintValues(const std::vector<std::string>& fingerprint, GroupingContext& ctx);

} // namespace stackdeck::grouping
