#include "glob.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>

namespace stackdeck::grouping {

// The value as the matcher reads it: optionally behind a virtual '/', with
// bytes case-folded and backslashes read as slashes when the options say so.
struct GlobSubject {
    std::string_view value;
    bool slashPrefix = false;
    bool fold = false;
    bool backslash = false;

    std::size_t size() const { return value.size() + (slashPrefix ? 1 : 0); }
    std::uint8_t raw(std::size_t i) const
    {
        if (slashPrefix) {
            if (i == 0)
                return '/';
            --i;
        }
        const auto c = static_cast<std::uint8_t>(value[i]);
        return (backslash && c == '\\') ? static_cast<std::uint8_t>('/') : c;
    }
    std::uint8_t folded(std::size_t i) const { return fold ? foldByte(raw(i)) : raw(i); }
    static std::uint8_t foldByte(std::uint8_t c)
    {
        return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c;
    }
};

class GlobMatcher {
public:
    GlobMatcher(const Glob& glob, const Glob::Branch& branch, const GlobSubject& value)
        : m_glob(glob)
        , m_tokens(branch.tokens)
        , m_value(value)
    {
    }

    bool run()
    {
        const std::size_t cells = (m_tokens.size() + 1) * (m_value.size() + 1);
        if (cells <= m_small.size() * 64) {
            m_memo = m_small.data();
        } else {
            m_big = std::make_unique<std::uint64_t[]>(cells / 64 + 1);
            m_memo = m_big.get();
        }
        return match(0, 0);
    }

private:
    bool failedBefore(std::size_t ti, std::size_t pos) const
    {
        const std::size_t k = ti * (m_value.size() + 1) + pos;
        return (m_memo[k / 64] >> (k % 64)) & 1U;
    }
    void markFailed(std::size_t ti, std::size_t pos)
    {
        const std::size_t k = ti * (m_value.size() + 1) + pos;
        m_memo[k / 64] |= std::uint64_t(1) << (k % 64);
    }
    std::uint8_t at(std::size_t pos) const { return m_value.folded(pos); }

    bool match(std::size_t ti, std::size_t pos)
    {
        const std::size_t n = m_value.size();
        while (ti < m_tokens.size()) {
            const Glob::Token& t = m_tokens[ti];
            switch (t.kind) {
            case Glob::Kind::Byte: {
                if (pos >= n)
                    return false;
                if (at(pos) != t.byte)
                    return false;
                ++pos;
                ++ti;
                continue;
            }
            case Glob::Kind::Set:
                if (pos >= n || !m_glob.m_sets[t.set].test(at(pos)))
                    return false;
                ++pos;
                ++ti;
                continue;
            case Glob::Kind::Star: {
                const auto& set = m_glob.m_sets[t.set];
                if (ti + 1 == m_tokens.size()) {
                    for (; pos < n; ++pos) {
                        if (!set.test(at(pos)))
                            return false;
                    }
                    return true;
                }
                if (failedBefore(ti, pos))
                    return false;
                for (std::size_t p = pos;; ++p) {
                    if (match(ti + 1, p))
                        return true;
                    if (p >= n || !set.test(at(p)))
                        break;
                }
                markFailed(ti, pos);
                return false;
            }
            case Glob::Kind::DirSkip: {
                // (?:/?|.*/): nothing, or a run of `.` bytes ending with '/'
                const auto& set = m_glob.m_sets[t.set];
                if (failedBefore(ti, pos))
                    return false;
                if (match(ti + 1, pos))
                    return true;
                for (std::size_t p = pos; p < n && set.test(at(p)); ++p) {
                    if (at(p) == '/' && match(ti + 1, p + 1))
                        return true;
                }
                markFailed(ti, pos);
                return false;
            }
            }
        }
        return pos == n;
    }

    const Glob& m_glob;
    const std::vector<Glob::Token>& m_tokens;
    const GlobSubject& m_value;
    std::array<std::uint64_t, 16> m_small {};
    std::unique_ptr<std::uint64_t[]> m_big;
    std::uint64_t* m_memo = nullptr;
};

namespace {

// Folded comparison of `needle` with the subject at `at`.
bool equalAt(const GlobSubject& hay, std::size_t at, std::string_view needle)
{
    for (std::size_t k = 0; k < needle.size(); ++k) {
        if (hay.folded(at + k) != static_cast<std::uint8_t>(needle[k]))
            return false;
    }
    return true;
}

bool contains(const GlobSubject& hay, std::string_view needle)
{
    const std::size_t n = hay.size();
    if (needle.size() > n)
        return false;
    const std::size_t last = n - needle.size();
    const auto first = static_cast<std::uint8_t>(needle[0]);
    // Scan the real bytes with memchr for the first needle byte (both
    // cases when folding); the virtual '/' and backslashes are rare.
    const bool simple = !hay.backslash && !hay.slashPrefix;
    if (simple) {
        const char* base = hay.value.data();
        const auto upper = static_cast<std::uint8_t>(first - 32);
        const bool twoCases = hay.fold && first >= 'a' && first <= 'z';
        std::size_t from = 0;
        while (from <= last) {
            const void* a = std::memchr(base + from, first, last - from + 1);
            const void* b = twoCases ? std::memchr(base + from, upper, last - from + 1) : nullptr;
            const char* hit = static_cast<const char*>(a);
            if (b && (!hit || static_cast<const char*>(b) < hit))
                hit = static_cast<const char*>(b);
            if (!hit)
                return false;
            const std::size_t at = std::size_t(hit - base);
            if (equalAt(hay, at, needle))
                return true;
            from = at + 1;
        }
        return false;
    }
    for (std::size_t i = 0; i <= last; ++i) {
        if (hay.folded(i) == first && equalAt(hay, i, needle))
            return true;
    }
    return false;
}

} // namespace

std::vector<std::uint8_t> Glob::firstBytes() const
{
    std::vector<std::uint8_t> out;
    for (const Branch& b : m_branches) {
        if (b.prefix.empty())
            return {};
        const auto c = static_cast<std::uint8_t>(b.prefix[0]);
        if (std::find(out.begin(), out.end(), c) == out.end())
            out.push_back(c);
    }
    return out;
}

bool Glob::matches(std::string_view value, bool slashPrefix) const
{
    const GlobSubject subject {value, slashPrefix, m_options.caseInsensitive, m_options.valueBackslashIsSlash};
    const std::size_t n = subject.size();
    for (const Branch& b : m_branches) {
        if (b.literal) {
            if (n == b.prefix.size() && equalAt(subject, 0, b.prefix))
                return true;
            continue;
        }
        if (n < b.minLength || !equalAt(subject, 0, b.prefix))
            continue;
        if (!b.suffix.empty()
            && (n < b.prefix.size() + b.suffix.size() || !equalAt(subject, n - b.suffix.size(), b.suffix)))
            continue;
        if (!b.mustContain.empty() && !contains(subject, b.mustContain))
            continue;
        if (GlobMatcher(*this, b, subject).run())
            return true;
    }
    return false;
}

} // namespace stackdeck::grouping
