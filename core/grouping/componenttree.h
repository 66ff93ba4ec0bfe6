#pragma once

#include "groupingcomponent.h"

#include <cstdint>
#include <deque>
#include <initializer_list>
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
    NodeId leaf(std::string_view id, std::string_view value);
    NodeId leaves(std::string_view id, std::initializer_list<std::string_view> values);
    NodeId empty(std::string_view id);
    // A component over child nodes; contributes when any child contributes.
    NodeId node(std::string_view id, const NodeId* children, std::size_t count);
    NodeId node(std::string_view id, std::initializer_list<NodeId> children)
    {
        return node(id, children.begin(), children.size());
    }
    NodeId node(std::string_view id, const std::vector<NodeId>& children)
    {
        return node(id, children.data(), children.size());
    }
    // A second node over the same items (frames of the `app` variant).
    NodeId sameValues(NodeId other);

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

    // Keeps a string alive for the lifetime of the tree.
    std::string_view store(std::string text);

    // Same id, hint, flag and values, recursively (upstream compares reprs).
    bool deepEqual(NodeId a, NodeId b) const;

    // Does a contributing `stacktrace` node sit below `id` (through contributing nodes)?
    bool hasContributingDescendant(NodeId id, std::string_view childId) const;

    void addContributingLeaves(NodeId id, Md5Hasher& hasher) const;
    void collectContributingLeaves(NodeId id, std::vector<std::string>& out) const;
    std::string hash(NodeId id) const;
    GroupingComponent toComponent(NodeId id) const;

    void clear();

private:
    std::vector<Node> m_nodes;
    std::vector<Item> m_items;
    std::deque<std::string> m_strings;
};

} // namespace stackdeck::grouping
