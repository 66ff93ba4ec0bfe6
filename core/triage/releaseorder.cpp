#include "releaseorder.h"

#include <charconv>

namespace stackdeck::triage {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Dot-separated pre-release identifiers: numeric ones compare as numbers and
// sort before alphanumeric ones (semver.org, rule 11).
std::strong_ordering comparePrerelease(std::string_view a, std::string_view b)
{
    while (!a.empty() && !b.empty()) {
        const std::size_t da = a.find('.'), db = b.find('.');
        const std::string_view pa = a.substr(0, da), pb = b.substr(0, db);
        const bool na = !pa.empty() && pa.find_first_not_of("0123456789") == std::string_view::npos;
        const bool nb = !pb.empty() && pb.find_first_not_of("0123456789") == std::string_view::npos;
        std::strong_ordering c = std::strong_ordering::equal;
        if (na && nb)
            c = pa.size() != pb.size() ? pa.size() <=> pb.size() : pa.compare(pb) <=> 0;
        else if (na != nb)
            c = na ? std::strong_ordering::less : std::strong_ordering::greater;
        else
            c = pa.compare(pb) <=> 0;
        if (c != std::strong_ordering::equal)
            return c;
        a = da == std::string_view::npos ? std::string_view() : a.substr(da + 1);
        b = db == std::string_view::npos ? std::string_view() : b.substr(db + 1);
    }
    if (a.empty() && b.empty())
        return std::strong_ordering::equal;
    return a.empty() ? std::strong_ordering::less : std::strong_ordering::greater; // fewer identifiers sort first
}

} // namespace

std::strong_ordering SemVer::operator<=>(const SemVer& o) const
{
    for (std::size_t i = 0; i < 4; ++i) {
        const std::int64_t a = i < numbers.size() ? numbers[i] : 0;
        const std::int64_t b = i < o.numbers.size() ? o.numbers[i] : 0;
        if (a != b)
            return a <=> b;
    }
    if (prerelease.empty() != o.prerelease.empty())
        return prerelease.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
    return comparePrerelease(prerelease, o.prerelease);
}

std::optional<SemVer> parseSemVer(std::string_view release)
{
    SemVer v;
    if (const std::size_t at = release.rfind('@'); at != std::string_view::npos) {
        v.package = std::string(release.substr(0, at));
        release.remove_prefix(at + 1);
    }
    if (const std::size_t plus = release.find('+'); plus != std::string_view::npos)
        release = release.substr(0, plus);
    if (const std::size_t dash = release.find('-'); dash != std::string_view::npos) {
        v.prerelease = std::string(release.substr(dash + 1));
        release = release.substr(0, dash);
        if (v.prerelease.empty())
            return std::nullopt;
    }
    if (release.empty())
        return std::nullopt;
    while (true) {
        const std::size_t dot = release.find('.');
        const std::string_view part = release.substr(0, dot);
        if (part.empty() || !isDigit(part.front()) || v.numbers.size() == 4)
            return std::nullopt;
        std::int64_t n = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), n);
        if (error != std::errc() || end != part.data() + part.size())
            return std::nullopt;
        v.numbers.push_back(n);
        if (dot == std::string_view::npos)
            break;
        release.remove_prefix(dot + 1);
    }
    return v;
}

bool isLaterRelease(const ReleaseInfo& candidate, const ReleaseInfo& base)
{
    if (candidate.version.empty() || candidate.version == base.version)
        return false;
    const auto a = parseSemVer(candidate.version);
    const auto b = parseSemVer(base.version);
    if (a && b && a->package == b->package)
        return *a > *b;
    return candidate.firstSeen > base.firstSeen;
}

} // namespace stackdeck::triage
