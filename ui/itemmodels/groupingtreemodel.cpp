#include "groupingtreemodel.h"

#include "common/plaintext.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>
#include <QStringList>

#include <array>
#include <utility>

namespace stackdeck::ui {

using grouping::GroupingComponent;
using grouping::GroupingResult;
using grouping::GroupingVariant;

struct GroupingTreeModel::Node {
    Kind kind = Kind::Variant;
    const GroupingVariant* variant = nullptr;
    const GroupingComponent* component = nullptr;
    const GroupingVariant* counterVariant = nullptr;
    const GroupingComponent* counterpart = nullptr;
    std::array<QString, NUM_COLUMNS> text;
    bool contributes = false; // effective: the row and all its ancestors contribute
    bool changed = false;
    Node* parent = nullptr;
    int row = 0;
    bool expanded = false;
    std::vector<std::unique_ptr<Node>> children;

    Node* add(std::unique_ptr<Node> child)
    {
        child->parent = this;
        child->row = static_cast<int>(children.size());
        children.push_back(std::move(child));
        return children.back().get();
    }
};

namespace {
QString joined(const std::vector<std::string>& values)
{
    QStringList parts;
    for (const auto& v : values)
        parts << qs(v);
    return parts.join(QStringLiteral(" · "));
}

QString stringValues(const GroupingComponent& c)
{
    QStringList parts;
    for (const auto& v : c.values) {
        if (const auto* s = std::get_if<std::string>(&v))
            parts << qs(*s);
    }
    return parts.join(QStringLiteral(" · "));
}

std::vector<const GroupingComponent*> childComponents(const GroupingComponent& c)
{
    std::vector<const GroupingComponent*> out;
    for (const auto& v : c.values) {
        if (const auto* child = std::get_if<GroupingComponent>(&v))
            out.push_back(child);
    }
    return out;
}

// Rows a variant shows above its component tree: what its hash is made of
// when that is not a component tree.
std::vector<std::pair<QString, QString>> variantDetails(const GroupingVariant& v)
{
    std::vector<std::pair<QString, QString>> out;
    if (v.type == "salted-component")
        out.emplace_back(QStringLiteral("fingerprint"), joined(v.fingerprint));
    if (v.type == "custom-fingerprint" || v.type == "built-in-fingerprint")
        out.emplace_back(QStringLiteral("fingerprint"), joined(v.values));
    if (v.info.clientFingerprint)
        out.emplace_back(GroupingTreeModel::tr("client fingerprint"), joined(*v.info.clientFingerprint));
    if (v.info.matchedRule)
        out.emplace_back(
            v.info.matchedRule->isBuiltin ? QStringLiteral("built-in rule") : GroupingTreeModel::tr("matched rule"),
            qs(v.info.matchedRule->text));
    if (!v.checksum.empty())
        out.emplace_back(QStringLiteral("checksum"), qs(v.checksum));
    if (!v.rawChecksum.empty())
        out.emplace_back(GroupingTreeModel::tr("raw checksum"), qs(v.rawChecksum));
    if (v.component) {
        const QString values = stringValues(*v.component);
        if (!values.isEmpty())
            out.emplace_back(QStringLiteral("values"), values);
    }
    return out;
}
} // namespace

QString variantTypeText(const GroupingVariant& v)
{
    if (v.type == "component")
        return GroupingTreeModel::tr("grouping components");
    if (v.type == "salted-component")
        return GroupingTreeModel::tr("components salted with a fingerprint");
    if (v.type == "custom-fingerprint")
        return GroupingTreeModel::tr("custom fingerprint");
    if (v.type == "built-in-fingerprint")
        return QStringLiteral("built-in fingerprint");
    if (v.type == "checksum")
        return GroupingTreeModel::tr("legacy checksum");
    if (v.type == "hashed-checksum")
        return GroupingTreeModel::tr("hashed legacy checksum");
    if (v.type == "fallback")
        return GroupingTreeModel::tr("fallback (nothing else to group by)");
    return qs(v.type);
}

GroupingTreeModel::GroupingTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    m_monoBold = m_mono;
    m_monoBold.setBold(true);
    m_bold.setBold(true);
    m_root->expanded = true;
}

GroupingTreeModel::~GroupingTreeModel() = default;

void GroupingTreeModel::setResult(ResultPtr result, ResultPtr counterpart)
{
    beginResetModel();
    m_result = std::move(result);
    m_counterpart = std::move(counterpart);
    m_root = std::make_unique<Node>();
    m_root->expanded = true;
    if (m_result) {
        for (const auto& v : m_result->variants) {
            auto node = std::make_unique<Node>();
            node->kind = Kind::Variant;
            node->variant = &v;
            node->component = v.component ? &*v.component : nullptr;
            node->contributes = v.contributes;
            node->text[NameColumn] = qs(v.name);
            node->text[ValueColumn] = v.hash ? qs(*v.hash) : QStringLiteral("no hash");
            node->text[HintColumn] = v.contributes
                ? QStringLiteral("contributes · ") + variantTypeText(v)
                : tr("does not contribute") + (v.hint.empty() ? QString() : QStringLiteral(": ") + qs(v.hint));
            if (m_counterpart) {
                node->counterVariant = m_counterpart->variant(v.name);
                node->counterpart = node->counterVariant && node->counterVariant->component
                    ? &*node->counterVariant->component
                    : nullptr;
                node->changed = !node->counterVariant || node->counterVariant->hash != v.hash
                    || node->counterVariant->contributes != v.contributes;
            }
            m_root->add(std::move(node));
        }
    }
    endResetModel();
}

void GroupingTreeModel::expand(Node& node) const
{
    if (node.expanded)
        return;
    node.expanded = true;
    if (node.kind == Kind::Variant && node.variant) {
        const auto details = variantDetails(*node.variant);
        const auto counterDetails
            = node.counterVariant ? variantDetails(*node.counterVariant) : std::vector<std::pair<QString, QString>> {};
        for (const auto& [label, value] : details) {
            auto child = std::make_unique<Node>();
            child->kind = Kind::Detail;
            child->variant = node.variant;
            child->contributes = node.contributes;
            child->text = {label, value, QString()};
            if (node.counterVariant) {
                child->changed = true;
                for (const auto& [l, v] : counterDetails)
                    child->changed = child->changed && !(l == label && v == value);
            }
            node.add(std::move(child));
        }
    }
    if (!node.component || node.kind == Kind::Detail)
        return;
    const auto counterChildren
        = node.counterpart ? childComponents(*node.counterpart) : std::vector<const GroupingComponent*> {};
    const bool compare = node.counterpart != nullptr;
    std::size_t k = 0;
    for (const GroupingComponent* c : childComponents(*node.component)) {
        auto child = std::make_unique<Node>();
        child->kind = Kind::Component;
        child->variant = node.variant;
        child->component = c;
        child->contributes = node.contributes && c->contributes;
        child->text = {qs(c->id), stringValues(*c), qs(c->hint)};
        if (compare) {
            const GroupingComponent* other
                = k < counterChildren.size() && counterChildren[k]->id == c->id ? counterChildren[k] : nullptr;
            child->counterpart = other;
            child->changed = !other || other->contributes != c->contributes || stringValues(*other) != child->text[1];
        }
        node.add(std::move(child));
        ++k;
    }
}

GroupingTreeModel::Node* GroupingTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex GroupingTreeModel::variantIndex(const QString& name) const
{
    for (const auto& child : m_root->children) {
        if (child->text[NameColumn] == name)
            return createIndex(child->row, 0, child.get());
    }
    return {};
}

QModelIndex GroupingTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= NUM_COLUMNS || (parent.isValid() && parent.column() != 0))
        return {};
    Node* p = nodeOf(parent);
    expand(*p);
    if (row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex GroupingTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const Node* p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, const_cast<Node*>(p));
}

int GroupingTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    Node* p = nodeOf(parent);
    expand(*p);
    return static_cast<int>(p->children.size());
}

int GroupingTreeModel::columnCount(const QModelIndex&) const
{
    return NUM_COLUMNS;
}

QVariant GroupingTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node& n = *nodeOf(index);
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return n.text[static_cast<std::size_t>(column)];
    case Qt::ToolTipRole: {
        QString tip = n.contributes ? tr("Contributes to the hash") : tr("Does not contribute to the hash");
        const QString hint = n.kind == Kind::Component && n.component ? qs(n.component->hint)
            : n.kind == Kind::Variant && n.variant                    ? qs(n.variant->hint)
                                                                      : QString();
        if (!hint.isEmpty())
            tip += QStringLiteral(": ") + hint;
        if (n.changed)
            tip += tr("\nDiffers from the other side");
        if (!n.text[ValueColumn].isEmpty())
            tip += QStringLiteral("\n\n") + n.text[ValueColumn].left(2000);
        return plainToolTip(tip);
    }
    case ContributesRole:
        return n.contributes;
    case KindRole:
        return static_cast<int>(n.kind);
    case ChangedRole:
        return n.changed;
    case HintRole:
        return n.text[HintColumn];
    default:
        return styleData(n, column, role);
    }
}

QVariant GroupingTreeModel::styleData(const Node& n, int column, int role) const
{
    const QPalette pal = QGuiApplication::palette();
    switch (role) {
    case Qt::FontRole:
        if (column == ValueColumn)
            return n.contributes && n.kind != Kind::Detail ? m_monoBold : m_mono;
        if (column == NameColumn && n.kind == Kind::Variant)
            return m_bold;
        return {};
    case Qt::ForegroundRole:
        if (!n.contributes)
            return pal.color(QPalette::Disabled, QPalette::Text);
        if (column == HintColumn)
            return pal.color(QPalette::PlaceholderText);
        return {};
    case Qt::BackgroundRole:
        if (n.changed) {
            // A translucent highlight reads on light and dark bases alike.
            QColor c = pal.color(QPalette::Highlight);
            c.setAlpha(70);
            return c;
        }
        return {};
    default:
        return {};
    }
}

QVariant GroupingTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Variant / component");
    case ValueColumn:
        return tr("Hash / values");
    case HintColumn:
        return tr("Contributes / hint");
    default:
        return {};
    }
}

} // namespace stackdeck::ui
