#include "componenttree.h"

#include "md5hasher.h"

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
    m_strings.clear();
}

ComponentTree::NodeId ComponentTree::leaf(std::string_view id, std::string_view value)
{
    Node n;
    n.id = id;
    n.first = static_cast<std::uint32_t>(m_items.size());
    n.count = 1;
    n.contributes = true;
    m_items.push_back({ kNone, value });
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

ComponentTree::NodeId ComponentTree::leaves(std::string_view id, std::initializer_list<std::string_view> values)
{
    Node n;
    n.id = id;
    n.first = static_cast<std::uint32_t>(m_items.size());
    n.count = static_cast<std::uint32_t>(values.size());
    n.contributes = values.size() > 0;
    for (std::string_view v : values)
        m_items.push_back({ kNone, v });
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

ComponentTree::NodeId ComponentTree::empty(std::string_view id)
{
    Node n;
    n.id = id;
    n.first = static_cast<std::uint32_t>(m_items.size());
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

ComponentTree::NodeId ComponentTree::node(std::string_view id, const NodeId* children, std::size_t count)
{
    Node n;
    n.id = id;
    n.first = static_cast<std::uint32_t>(m_items.size());
    n.count = static_cast<std::uint32_t>(count);
    for (std::size_t i = 0; i < count; ++i) {
        m_items.push_back({ children[i], {} });
        if (m_nodes[children[i]].contributes)
            n.contributes = true;
    }
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

ComponentTree::NodeId ComponentTree::sameValues(NodeId other)
{
    Node n = m_nodes[other];
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

std::string_view ComponentTree::store(std::string text)
{
    m_strings.push_back(std::move(text));
    return m_strings.back();
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
    Md5Hasher h;
    addContributingLeaves(id, h);
    return h.hexDigest();
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
