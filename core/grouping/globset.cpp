#include "globset.h"

namespace stackdeck::grouping {

std::uint32_t GlobSet::add(Glob glob)
{
    const auto index = static_cast<std::uint32_t>(m_globs.size());
    const std::vector<std::uint8_t> first = glob.firstBytes();
    if (first.empty()) {
        m_unanchored.push_back(index);
    } else {
        for (const std::uint8_t c : first)
            m_byFirstByte[c].push_back(index);
    }
    m_globs.push_back(std::move(glob));
    return index;
}

void GlobSet::tryBucket(
    const std::vector<std::uint32_t>& bucket, std::string_view value, bool slashPrefix, std::uint64_t* out) const
{
    for (const std::uint32_t i : bucket) {
        const Glob& g = m_globs[i];
        if (slashPrefix && !g.slashPrefixMatters())
            continue;
        if (g.matches(value, slashPrefix))
            out[i / 64] |= std::uint64_t(1) << (i % 64);
    }
}

void GlobSet::match(std::string_view value, std::uint64_t* out) const
{
    if (m_globs.empty())
        return;
    // The lookup byte as the globs read it: folded, backslash as slash.
    const GlobOptions& o = m_globs.front().options();
    std::uint8_t first = value.empty() ? 0 : static_cast<std::uint8_t>(value[0]);
    if (o.valueBackslashIsSlash && first == '\\')
        first = '/';
    if (o.caseInsensitive && first >= 'A' && first <= 'Z')
        first = static_cast<std::uint8_t>(first + 32);
    if (!value.empty())
        tryBucket(m_byFirstByte[first], value, false, out);
    tryBucket(m_unanchored, value, false, out);
    if (m_pathLike && first != '/') {
        tryBucket(m_byFirstByte['/'], value, true, out);
        tryBucket(m_unanchored, value, true, out);
    }
}

} // namespace stackdeck::grouping
