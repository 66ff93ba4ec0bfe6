#pragma once

#include "trace/tracecompare.h"

#include <QAbstractItemModel>

namespace stackdeck::ui {

// The aligned tree of two traces (core/trace compareTraces): each row a span
// matched in both, or only in A or only in B, with the durations and their
// difference (B - A), absolute and relative, coloured: slower red, faster green.
class ComparisonModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        SpanColumn,
        ServiceColumn,
        DurationAColumn,
        DurationBColumn,
        DiffColumn,
        RelativeColumn,
        NUM_COLUMNS
    };
    enum Role { SortRole = Qt::UserRole + 1, SideRole }; // SideRole: "both", "A" or "B"

    explicit ComparisonModel(QObject* parent = nullptr);
    void setComparison(trace::TraceComparison comparison);
    const trace::TraceComparison& comparison() const { return m_cmp; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QModelIndex indexOfRow(int r, int column) const;
    trace::TraceComparison m_cmp;
    std::vector<std::vector<int>> m_children; // per row
    std::vector<int> m_tops;
    std::vector<int> m_rowInParent;
};

} // namespace stackdeck::ui
