#include "closestmatch.h"

#include <algorithm>
#include <cctype>

namespace stackdeck::query {

namespace {

char fold(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Optimal string alignment: Levenshtein plus transposition of neighbours ("lvel" -> "level" is 1).
std::size_t distance(std::string_view a, std::string_view b)
{
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]))
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        prev2.swap(prev);
        prev.swap(cur);
    }
    return prev[m];
}

} // namespace

std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates)
{
    if (word.empty() || word.size() > 64)
        return std::nullopt;
    const std::size_t limit = std::min<std::size_t>(2, (word.size() - 1) / 2);
    std::optional<std::string> best;
    std::size_t bestDistance = limit + 1;
    for (const std::string& c : candidates) {
        const std::size_t longer = std::max(c.size(), word.size()), shorter = std::min(c.size(), word.size());
        if (longer - shorter >= bestDistance)
            continue;
        const std::size_t d = distance(word, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

} // namespace stackdeck::query
