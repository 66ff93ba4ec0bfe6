#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stackdeck {

// Ordered key/value list as Sentry stores tags, headers and query strings.
// Keys may repeat; the first occurrence wins for lookups.
using Pairs = std::vector<std::pair<std::string, std::string>>;

inline const std::string* findPair(const Pairs& pairs, std::string_view key)
{
    for (const auto& [k, v] : pairs) {
        if (k == key)
            return &v;
    }
    return nullptr;
}

} // namespace stackdeck
