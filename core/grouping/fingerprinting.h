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

// One variable (`message`, `tags.x`, ...); nullopt for names this config does not know.
std::optional<std::string> resolveFingerprintVariable(std::string_view name, GroupingContext& ctx);

// The frame `{{ function }}` and friends read: the last in-app frame, else the
// last frame, of the reported exception, the top-level or the only thread's
// stack trace. `accept` can skip frames.
const GroupingFrame* crashFrame(GroupingContext& ctx, bool (*accept)(const GroupingFrame&) = nullptr);

} // namespace stackdeck::grouping
