#pragma once

#include "grouping/grouping.h"

#include <QAbstractItemModel>
#include <QFont>

#include <memory>
#include <vector>

namespace stackdeck::ui {

// The variants of one grouping result and their component trees, built one
// level at a time as a view asks for children (a big stack trace costs only
// what is expanded). Top-level rows are variants; below them the component
// tree (one row per component, its string values in the value column) and,
// for fingerprint and checksum variants, detail rows.
//
// With a counterpart result (the what-if "before" for an "after" tree and
// vice versa) rows whose hash, contributes flag or values differ from the
// row at the same place in the counterpart are marked ChangedRole and
// painted with a highlight background.
class GroupingTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, HintColumn, NUM_COLUMNS };
    enum Role { ContributesRole = Qt::UserRole + 1, KindRole, ChangedRole, HintRole };
    enum class Kind { Variant, Component, Detail };

    explicit GroupingTreeModel(QObject* parent = nullptr);
    ~GroupingTreeModel() override;

    using ResultPtr = std::shared_ptr<const grouping::GroupingResult>;
    void setResult(ResultPtr result, ResultPtr counterpart = {});
    const ResultPtr& result() const { return m_result; }
    QModelIndex variantIndex(const QString& name) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    Node* nodeOf(const QModelIndex& index) const;
    void expand(Node& node) const;
    QVariant styleData(const Node& node, int column, int role) const;

    ResultPtr m_result;
    ResultPtr m_counterpart;
    std::unique_ptr<Node> m_root;
    QFont m_mono;
    QFont m_monoBold;
    QFont m_bold;
};

// One-line description of a variant type for labels ("stack trace components", "custom fingerprint").
QString variantTypeText(const grouping::GroupingVariant& variant);

} // namespace stackdeck::ui
