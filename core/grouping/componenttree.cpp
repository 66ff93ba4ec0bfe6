#include "componenttree.h"

#include "md5hasher.h"

#include <algorithm>
#include <cstring>

namespace stackdeck::grouping {

ComponentTree::ComponentTree()
{
    m_nodes.reserve(256);
    m_items.reserve(512);
}

void ComponentTree::clear()
{
    m_nodes.clear();
    m_items.clear();
    m_chunk = 0;
    m_used = 0;
    m_hashes.clear();
}

char* ComponentTree::allocate(std::size_t bytes)
{
    constexpr std::size_t kChunk = std::size_t {16} * 1024;
    while (m_chunk < m_chunks.size() && m_used + bytes > m_chunkSizes[m_chunk]) {
        ++m_chunk;
        m_used = 0;
    }
    if (m_chunk == m_chunks.size()) {
        const std::size_t size = std::max(kChunk, bytes);
        m_chunks.push_back(std::make_unique<char[]>(size));
        m_chunkSizes.push_back(size);
        m_used = 0;
    }
    char* p = m_chunks[m_chunk].get() + m_used;
    m_used += bytes;
    return p;
}

ComponentTree::NodeId ComponentTree::leaves(std::string_view id, std::initializer_list<std::string_view> values)
{
    Node n;
    n.id = id;
    n.first = static_cast<std::uint32_t>(m_items.size());
    n.count = static_cast<std::uint32_t>(values.size());
    n.contributes = values.size() > 0;
    for (std::string_view v : values)
        m_items.push_back({kNone, v});
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

std::string_view ComponentTree::firstLeaf(NodeId id) const
{
    const Node& n = m_nodes[id];
    if (n.count == 0 || m_items[n.first].node != kNone)
        return {};
    return m_items[n.first].leaf;
}

std::string_view ComponentTree::store(std::string_view text)
{
    if (text.empty())
        return {};
    char* p = allocate(text.size());
    std::memcpy(p, text.data(), text.size());
    return std::string_view(p, text.size());
}

bool ComponentTree::deepEqual(NodeId a, NodeId b) const
{
    if (a == b)
        return true;
    const Node& x = m_nodes[a];
    const Node& y = m_nodes[b];
    if (x.id != y.id || x.hint != y.hint || x.contributes != y.contributes || x.count != y.count)
        return false;
    for (std::uint32_t i = 0; i < x.count; ++i) {
        const Item& p = m_items[x.first + i];
        const Item& q = m_items[y.first + i];
        if ((p.node == kNone) != (q.node == kNone))
            return false;
        if (p.node == kNone ? p.leaf != q.leaf : !deepEqual(p.node, q.node))
            return false;
    }
    return true;
}

bool ComponentTree::hasContributingDescendant(NodeId id, std::string_view childId) const
{
    const Node& n = m_nodes[id];
    for (std::uint32_t i = 0; i < n.count; ++i) {
        const Item& it = m_items[n.first + i];
        if (it.node == kNone || !m_nodes[it.node].contributes)
            continue;
        if (m_nodes[it.node].id == childId || hasContributingDescendant(it.node, childId))
            return true;
    }
    return false;
}

void ComponentTree::addContributingLeaves(NodeId id, Md5Hasher& hasher) const
{
    const Node& n = m_nodes[id];
    if (!n.contributes)
        return;
    for (std::uint32_t i = 0; i < n.count; ++i) {
        const Item& it = m_items[n.first + i];
        if (it.node == kNone)
            hasher.add(it.leaf);
        else
            addContributingLeaves(it.node, hasher);
    }
}

void ComponentTree::contributingLeafViews(NodeId id, std::vector<std::string_view>& out) const
{
    const Node& n = m_nodes[id];
    if (!n.contributes)
        return;
    for (std::uint32_t i = 0; i < n.count; ++i) {
        const Item& it = m_items[n.first + i];
        if (it.node == kNone) {
            if (!it.leaf.empty())
                out.push_back(it.leaf);
        } else {
            contributingLeafViews(it.node, out);
        }
    }
}

bool ComponentTree::structurallySame(NodeId a, NodeId b) const
{
    if (a == b)
        return true;
    const Node& x = m_nodes[a];
    const Node& y = m_nodes[b];
    if (x.contributes != y.contributes)
        return false;
    if (!x.contributes)
        return true;
    if (x.count != y.count)
        return false;
    if (x.first == y.first)
        return true; // the same items
    for (std::uint32_t i = 0; i < x.count; ++i) {
        const Item& p = m_items[x.first + i];
        const Item& q = m_items[y.first + i];
        if (p.node == kNone && q.node == kNone) {
            if (p.leaf != q.leaf)
                return false;
        } else if (p.node == kNone || q.node == kNone || !structurallySame(p.node, q.node)) {
            return false;
        }
    }
    return true;
}

bool ComponentTree::sameHash(NodeId a, NodeId b) const
{
    return structurallySame(a, b) || hash(a) == hash(b);
}

void ComponentTree::collectContributingLeaves(NodeId id, std::vector<std::string>& out) const
{
    const Node& n = m_nodes[id];
    if (!n.contributes)
        return;
    for (std::uint32_t i = 0; i < n.count; ++i) {
        const Item& it = m_items[n.first + i];
        if (it.node == kNone)
            out.emplace_back(it.leaf);
        else
            collectContributingLeaves(it.node, out);
    }
}

std::string ComponentTree::hash(NodeId id) const
{
    // A node that contributes exactly one child node and no leaves of its own
    // hashes the same bytes as that child.
    const Node& n = m_nodes[id];
    if (n.contributes) {
        NodeId only = kNone;
        bool single = true;
        for (std::uint32_t i = 0; i < n.count && single; ++i) {
            const Item& it = m_items[n.first + i];
            if (it.node == kNone)
                single = it.leaf.empty();
            else if (m_nodes[it.node].contributes)
                single = only == kNone ? (only = it.node, true) : false;
        }
        if (single && only != kNone)
            return hash(only);
    }
    for (const auto& [node, h] : m_hashes) {
        if (node == id)
            return h;
    }
    Md5Hasher h;
    addContributingLeaves(id, h);
    m_hashes.emplace_back(id, h.hexDigest());
    return m_hashes.back().second;
}

GroupingComponent ComponentTree::toComponent(NodeId id) const
{
    const Node& n = m_nodes[id];
    GroupingComponent c;
    c.id = std::string(n.id);
    c.contributes = n.contributes;
    c.hint = std::string(n.hint);
    c.values.reserve(n.count);
    for (std::uint32_t i = 0; i < n.count; ++i) {
        const Item& it = m_items[n.first + i];
        if (it.node == kNone)
            c.values.emplace_back(std::string(it.leaf));
        else
            c.values.emplace_back(toComponent(it.node));
    }
    return c;
}

void collectContributingValues(const GroupingComponent& component, std::vector<std::string>& out)
{
    if (!component.contributes)
        return;
    for (const auto& v : component.values) {
        if (const auto* s = std::get_if<std::string>(&v))
            out.push_back(*s);
        else
            collectContributingValues(std::get<GroupingComponent>(v), out);
    }
}

} // namespace stackdeck::grouping
