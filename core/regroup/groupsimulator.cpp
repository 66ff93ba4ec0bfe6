#include "groupsimulator.h"

#include <cstring>
#include <optional>

namespace stackdeck::regroup {

namespace {

std::optional<std::array<std::uint8_t, 16>> digestOf(const std::string& hash)
{
    if (hash.size() != 32)
        return std::nullopt;
    std::array<std::uint8_t, 16> out {};
    for (std::size_t i = 0; i < 32; ++i) {
        const char c = hash[i];
        int v = 0;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else
            return std::nullopt; // upper case or other text: kept verbatim, never confused with a digest
        out[i / 2] = static_cast<std::uint8_t>(out[i / 2] | (i % 2 == 0 ? v << 4 : v));
    }
    return out;
}

std::string prefixed(std::uint32_t project, const std::string& text)
{
    std::string key(sizeof project, '\0');
    std::memcpy(key.data(), &project, sizeof project);
    return key + text;
}

} // namespace

std::size_t GroupSimulator::KeyHash::operator()(const Key& k) const noexcept
{
    std::uint64_t a = 0;
    std::memcpy(&a, k.digest.data(), sizeof a);
    return static_cast<std::size_t>(a ^ (static_cast<std::uint64_t>(k.project) * 0x9e3779b97f4a7c15ULL));
}

std::uint32_t GroupSimulator::projectIndex(const std::string& project)
{
    const auto [it, added] = m_projects.try_emplace(project, static_cast<std::uint32_t>(m_projects.size()));
    if (added)
        m_projectNames.push_back(project);
    return it->second;
}

void GroupSimulator::forEachHash(const HashVisitor& visit) const
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(32, '0');
    for (const auto& [key, group] : m_digests) {
        for (std::size_t i = 0; i < key.digest.size(); ++i) {
            hex[2 * i] = kHex[key.digest[i] >> 4];
            hex[2 * i + 1] = kHex[key.digest[i] & 0xf];
        }
        visit(key.project, hex, group);
    }
    for (const auto& [key, group] : m_otherHashes) {
        std::uint32_t project = 0;
        std::memcpy(&project, key.data(), sizeof project);
        visit(project, key.substr(sizeof project), group);
    }
}

std::uint32_t* GroupSimulator::find(std::uint32_t project, const std::string& hash)
{
    if (auto digest = digestOf(hash)) {
        auto it = m_digests.find(Key {project, *digest});
        return it == m_digests.end() ? nullptr : &it->second;
    }
    auto it = m_otherHashes.find(prefixed(project, hash));
    return it == m_otherHashes.end() ? nullptr : &it->second;
}

void GroupSimulator::attach(std::uint32_t project, const std::string& hash, std::uint32_t group)
{
    if (auto digest = digestOf(hash))
        m_digests.try_emplace(Key {project, *digest}, group);
    else
        m_otherHashes.try_emplace(prefixed(project, hash), group);
}

std::uint32_t GroupSimulator::assign(
    const std::string& project, const std::vector<std::string>& hashes, const std::string& serverGroupId)
{
    const std::uint32_t p = projectIndex(project);
    std::optional<std::uint32_t> group;
    if (!serverGroupId.empty()) {
        if (auto it = m_servers.find(prefixed(p, serverGroupId)); it != m_servers.end())
            group = it->second;
    }
    if (!group) {
        for (const std::string& hash : hashes) {
            if (const std::uint32_t* g = find(p, hash)) {
                group = *g;
                break;
            }
        }
    }
    if (!group) {
        group = static_cast<std::uint32_t>(m_groupProject.size());
        m_groupProject.push_back(p);
        m_primary.push_back(hashes.empty() ? std::string() : hashes.front());
        if (!serverGroupId.empty())
            m_servers.emplace(prefixed(p, serverGroupId), *group);
    }
    for (const std::string& hash : hashes)
        attach(p, hash, *group);
    return *group;
}

} // namespace stackdeck::regroup
