#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace stackdeck::regroup {

// Replays EventWriter::resolveIssue without a database: which group each
// event would join when the events are written in row order. An event joins
// the group of its server group id, else of the first of its hashes some
// group already holds (Sentry's issue_hashes: ANY known hash), else starts a
// group; then every hash of it no group holds yet is attached to its group.
// Hashes are interned (32-hex hashes as 16 bytes) to keep a million events small.
class GroupSimulator {
public:
    std::uint32_t assign(
        const std::string& project, const std::vector<std::string>& hashes, const std::string& serverGroupId);

    std::size_t groupCount() const { return m_groupProject.size(); }
    const std::string& primaryHash(std::uint32_t group) const { return m_primary[group]; }
    std::uint32_t projectOf(std::uint32_t group) const { return m_groupProject[group]; }
    const std::string& projectName(std::uint32_t project) const { return m_projectNames[project]; }

    // Every hash seen, with the group that holds it: what issue_hashes holds
    // after the replay. The hash text is as the events carried it.
    using HashVisitor = std::function<void(std::uint32_t project, const std::string& hash, std::uint32_t group)>;
    void forEachHash(const HashVisitor& visit) const;

private:
    struct Key {
        std::uint32_t project = 0;
        std::array<std::uint8_t, 16> digest {};
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept;
    };
    std::uint32_t projectIndex(const std::string& project);
    std::uint32_t* find(std::uint32_t project, const std::string& hash);
    void attach(std::uint32_t project, const std::string& hash, std::uint32_t group);

    std::unordered_map<std::string, std::uint32_t> m_projects;
    std::vector<std::string> m_projectNames;
    std::unordered_map<Key, std::uint32_t, KeyHash> m_digests; // (project, md5 hex) -> group
    std::unordered_map<std::string, std::uint32_t> m_otherHashes; // other hash texts, project-prefixed
    std::unordered_map<std::string, std::uint32_t> m_servers; // project-prefixed server group id -> group
    std::vector<std::uint32_t> m_groupProject;
    std::vector<std::string> m_primary;
};

} // namespace stackdeck::regroup
