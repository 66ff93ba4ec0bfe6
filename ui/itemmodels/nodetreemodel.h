#pragma once

#include "treenode.h"

#include <QAbstractItemModel>
#include <QFont>
#include <QStringList>

#include <memory>

namespace stackdeck::ui {

// Base of every tree the event panes show (frames, variables, contexts, extra,
// exception groups): the concrete model builds TreeNodes once, the base
// serves them. DisplayRole is always the node's plain QString.
class NodeTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { KindRole = Qt::UserRole + 1, FlagsRole, NumberRole, SortRole };

    explicit NodeTreeModel(QStringList headers, QObject* parent = nullptr);
    ~NodeTreeModel() override;

    void setRoot(std::unique_ptr<TreeNode> root);
    const TreeNode* node(const QModelIndex& index) const;
    const TreeNode& root() const { return *m_root; }
    QString plainTextOf(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    // Fonts, colours and tooltips per node; the base handles Display/ToolTip/custom roles.
    virtual QVariant styleData(const TreeNode& node, int column, int role) const;
    QFont m_mono;
    QFont m_bold;

private:
    QStringList m_headers;
    std::unique_ptr<TreeNode> m_root;
};

} // namespace stackdeck::ui
