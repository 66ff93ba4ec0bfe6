#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::query {

// The candidate closest to `word` (case-insensitive optimal string alignment
// distance), when it is close enough to be a plausible typo: at most 2 edits,
// and fewer than half the word. Ties go to the earlier candidate.
std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates);

} // namespace stackdeck::query
