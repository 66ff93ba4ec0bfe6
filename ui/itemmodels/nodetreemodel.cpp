#include "nodetreemodel.h"

#include "common/plaintext.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

namespace stackdeck::ui {

NodeTreeModel::NodeTreeModel(QStringList headers, QObject* parent)
    : QAbstractItemModel(parent)
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
    , m_headers(std::move(headers))
    , m_root(std::make_unique<TreeNode>())
{
    m_bold.setBold(true);
}

NodeTreeModel::~NodeTreeModel() = default;

void NodeTreeModel::setRoot(std::unique_ptr<TreeNode> root)
{
    beginResetModel();
    m_root = root ? std::move(root) : std::make_unique<TreeNode>();
    endResetModel();
}

const TreeNode* NodeTreeModel::node(const QModelIndex& index) const
{
    if (!index.isValid())
        return m_root.get();
    return static_cast<const TreeNode*>(index.internalPointer());
}

QModelIndex NodeTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= columnCount())
        return {};
    const TreeNode* p = node(parent);
    if (!p || (parent.isValid() && parent.column() != 0) || row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex NodeTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const TreeNode* n = node(child);
    const TreeNode* p = n->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, const_cast<TreeNode*>(p));
}

int NodeTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const TreeNode* p = node(parent);
    return p ? static_cast<int>(p->children.size()) : 0;
}

int NodeTreeModel::columnCount(const QModelIndex&) const
{
    return static_cast<int>(m_headers.size());
}

QVariant NodeTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const TreeNode& n = *node(index);
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return column < TreeNode::kColumns ? n.text[static_cast<std::size_t>(column)] : QString();
    case Qt::ToolTipRole:
        if (!n.tooltip.isEmpty())
            return plainToolTip(n.tooltip);
        if (column < TreeNode::kColumns && n.text[static_cast<std::size_t>(column)].size() > 60)
            return plainToolTip(n.text[static_cast<std::size_t>(column)].left(2000));
        return {};
    case KindRole:
        return n.kind;
    case FlagsRole:
        return n.flags;
    case NumberRole:
    case SortRole:
        return n.number;
    default:
        return styleData(n, column, role);
    }
}

QVariant NodeTreeModel::styleData(const TreeNode& n, int, int role) const
{
    if (role == Qt::FontRole) {
        if (n.has(TreeNode::Monospace))
            return m_mono;
        if (n.has(TreeNode::Strong))
            return m_bold;
    }
    if (role == Qt::ForegroundRole && n.has(TreeNode::Muted))
        return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
    return {};
}

QVariant NodeTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_headers.size())
        return m_headers[section];
    return {};
}

QString NodeTreeModel::plainTextOf(const QModelIndex& index) const
{
    const TreeNode* n = node(index);
    return n ? n->text[0] + QStringLiteral(": ") + n->text[1] : QString();
}

} // namespace stackdeck::ui
