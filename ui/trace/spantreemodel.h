#pragma once

#include "trace/tracemodel.h"

#include <QAbstractItemModel>

#include <memory>

namespace stackdeck::ui {

// An assembled trace as a tree of spans (the "Spans" tab beside the waterfall,
// and what keyboard and screen-reader users walk). Each index carries its
// span's position in Trace::spans; children in their adjusted start order.
class SpanTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { SpanColumn, ServiceColumn, StartColumn, DurationColumn, SelfTimeColumn, ErrorsColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1, SpanIndexRole, CriticalRole };

    explicit SpanTreeModel(QObject* parent = nullptr);

    void setTrace(std::shared_ptr<const trace::Trace> trace);
    const trace::Trace* trace() const { return m_trace.get(); }
    QModelIndex indexOfSpan(int span, int column = 0) const;
    int spanOf(const QModelIndex& index) const; // -1 for the invalid index

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const trace::TraceSpan& span(int i) const { return m_trace->spans[static_cast<std::size_t>(i)]; }
    std::shared_ptr<const trace::Trace> m_trace;
    std::vector<int> m_rowInParent; // per span
    std::vector<int> m_tops; // spans without a parent
};

} // namespace stackdeck::ui
