#pragma once

#include "groupingcomponent.h"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

class Md5Hasher;

// The component trees of one grouping computation, held flat. Nodes refer to
// a contiguous run of items (leaf strings or child nodes), so the `app` and
// `system` copies of a frame can share their children. Strings are views:
// into the event being grouped, into parsed rules, into static text, or into
// this tree's own string store. A tree lives only for one computation;
// `toComponent` copies out what a caller keeps.
class ComponentTree {
public:
    using NodeId = std::uint32_t;
    static constexpr NodeId kNone = 0xFFFFFFFF;

    struct Item {
        NodeId node = kNone; // kNone: a leaf
        std::string_view leaf;
    };
    struct Node {
        std::string_view id;
        std::string_view hint;
        bool contributes = false;
        std::uint32_t first = 0;
        std::uint32_t count = 0;
    };

    ComponentTree();

    // A component with leaf values; contributes when it has at least one value.
    // (The hot constructors are inline: a 40-frame event builds ~500 nodes.)
    NodeId leaf(std::string_view id, std::string_view value)
    {
        m_nodes.push_back({id, {}, true, std::uint32_t(m_items.size()), 1});
        m_items.push_back({kNone, value});
        return NodeId(m_nodes.size() - 1);
    }
    NodeId leaves(std::string_view id, std::initializer_list<std::string_view> values);
    NodeId empty(std::string_view id)
    {
        m_nodes.push_back({id, {}, false, std::uint32_t(m_items.size()), 0});
        return NodeId(m_nodes.size() - 1);
    }
    // A component over child nodes; contributes when any child contributes.
    NodeId node(std::string_view id, const NodeId* children, std::size_t count)
    {
        bool contributes = false;
        const auto first = std::uint32_t(m_items.size());
        for (std::size_t i = 0; i < count; ++i) {
            m_items.push_back({children[i], {}});
            contributes = contributes || m_nodes[children[i]].contributes;
        }
        m_nodes.push_back({id, {}, contributes, first, std::uint32_t(count)});
        return NodeId(m_nodes.size() - 1);
    }
    NodeId node(std::string_view id, std::initializer_list<NodeId> children)
    {
        return node(id, children.begin(), children.size());
    }
    NodeId node(std::string_view id, const std::vector<NodeId>& children)
    {
        return node(id, children.data(), children.size());
    }
    // A second node over the same items (frames of the `app` variant).
    NodeId sameValues(NodeId other)
    {
        m_nodes.push_back(m_nodes[other]);
        return NodeId(m_nodes.size() - 1);
    }

    Node& at(NodeId id) { return m_nodes[id]; }
    const Node& at(NodeId id) const { return m_nodes[id]; }
    const Item* items(NodeId id) const { return m_items.data() + m_nodes[id].first; }
    Item* items(NodeId id) { return m_items.data() + m_nodes[id].first; }

    void update(NodeId id, bool contributes, std::string_view hint)
    {
        m_nodes[id].contributes = contributes;
        m_nodes[id].hint = hint;
    }
    void setHint(NodeId id, std::string_view hint) { m_nodes[id].hint = hint; }
    // Replaces the single leaf value of a leaf component.
    void setLeaf(NodeId id, std::string_view value) { m_items[m_nodes[id].first].leaf = value; }
    std::string_view firstLeaf(NodeId id) const;

    // Keeps a copy of a string alive for the lifetime of the tree.
    std::string_view store(std::string_view text);
    // Raw space in the tree's string arena (valid until clear()).
    char* allocate(std::size_t bytes);

    // Same id, hint, flag and values, recursively (upstream compares reprs).
    bool deepEqual(NodeId a, NodeId b) const;

    // Does a contributing `stacktrace` node sit below `id` (through contributing nodes)?
    bool hasContributingDescendant(NodeId id, std::string_view childId) const;

    void addContributingLeaves(NodeId id, Md5Hasher& hasher) const;
    void contributingLeafViews(NodeId id, std::vector<std::string_view>& out) const;
    // hash(a) == hash(b). Trees that share their frames (app and system) are
    // compared structurally without touching the leaves; otherwise by hash.
    bool sameHash(NodeId a, NodeId b) const;
    void collectContributingLeaves(NodeId id, std::vector<std::string>& out) const;
    // MD5 of the contributing leaves; memoised per node, and a node whose only
    // contribution is one child node reuses that child's hash.
    std::string hash(NodeId id) const;
    GroupingComponent toComponent(NodeId id) const;

    void clear();

private:
    std::vector<Node> m_nodes;
    std::vector<Item> m_items;
    // A bump allocator: chunks are kept across clear() so a reused tree stops allocating.
    std::vector<std::unique_ptr<char[]>> m_chunks;
    std::vector<std::size_t> m_chunkSizes;
    std::size_t m_chunk = 0;
    std::size_t m_used = 0;
    mutable std::vector<std::pair<NodeId, std::string>> m_hashes;

    // true: certainly the same leaves; false: undecided
    bool structurallySame(NodeId a, NodeId b) const;
};

} // namespace stackdeck::grouping
