#include "spantreemodel.h"

#include "common/plaintext.h"
#include "timemapping.h"

#include <QFont>

namespace stackdeck::ui {

SpanTreeModel::SpanTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void SpanTreeModel::setTrace(std::shared_ptr<const trace::Trace> t)
{
    beginResetModel();
    m_trace = std::move(t);
    m_tops.clear();
    m_rowInParent.assign(m_trace ? m_trace->spans.size() : 0, 0);
    if (m_trace) {
        for (std::size_t i = 0; i < m_trace->spans.size(); ++i) {
            const auto& s = m_trace->spans[i];
            if (s.parent < 0) {
                m_rowInParent[i] = static_cast<int>(m_tops.size());
                m_tops.push_back(static_cast<int>(i));
            }
            for (std::size_t k = 0; k < s.children.size(); ++k)
                m_rowInParent[static_cast<std::size_t>(s.children[k])] = static_cast<int>(k);
        }
    }
    endResetModel();
}

QModelIndex SpanTreeModel::indexOfSpan(int s, int column) const
{
    if (!m_trace || s < 0 || s >= static_cast<int>(m_trace->spans.size()))
        return {};
    return createIndex(m_rowInParent[static_cast<std::size_t>(s)], column, static_cast<quintptr>(s));
}

int SpanTreeModel::spanOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<int>(index.internalId()) : -1;
}

QModelIndex SpanTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!m_trace || row < 0 || column < 0 || column >= NUM_COLUMNS || parent.column() > 0)
        return {};
    if (!parent.isValid()) {
        return row < static_cast<int>(m_tops.size())
            ? createIndex(row, column, static_cast<quintptr>(m_tops[static_cast<std::size_t>(row)]))
            : QModelIndex();
    }
    const auto& children = span(spanOf(parent)).children;
    if (row >= static_cast<int>(children.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(children[static_cast<std::size_t>(row)]));
}

QModelIndex SpanTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || !m_trace)
        return {};
    return indexOfSpan(span(spanOf(child)).parent);
}

int SpanTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!m_trace || parent.column() > 0)
        return 0;
    if (!parent.isValid())
        return static_cast<int>(m_tops.size());
    return static_cast<int>(span(spanOf(parent)).children.size());
}

int SpanTreeModel::columnCount(const QModelIndex&) const
{
    return NUM_COLUMNS;
}

QVariant SpanTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int i = spanOf(index);
    const auto& s = span(i);
    const Micros traceStart = m_trace->spans.front().start;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SpanColumn:
            return qs(s.description.empty() ? s.op : s.op + " \u2014 " + s.description).left(300);
        case ServiceColumn:
            return qs(s.service);
        case StartColumn:
            return QString(QStringLiteral("+") + durationText(s.start - traceStart));
        case DurationColumn:
            return durationText(s.duration());
        case SelfTimeColumn:
            return durationText(s.selfTime);
        case ErrorsColumn:
            return s.errorEventIds.empty() ? QString() : QString::number(s.errorEventIds.size());
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == SpanColumn)
            return plainToolTip(qs(s.op) + QLatin1Char('\n') + qs(s.description).left(2000));
        return {};
    case Qt::FontRole:
        if (s.critical && index.column() == SpanColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case StartColumn:
            return static_cast<qlonglong>(s.start);
        case DurationColumn:
            return static_cast<qlonglong>(s.duration());
        case SelfTimeColumn:
            return static_cast<qlonglong>(s.selfTime);
        case ErrorsColumn:
            return static_cast<qlonglong>(s.errorEventIds.size());
        default:
            return data(index, Qt::DisplayRole);
        }
    case SpanIndexRole:
        return i;
    case CriticalRole:
        return s.critical;
    default:
        return {};
    }
}

QVariant SpanTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SpanColumn:
        return tr("Span");
    case ServiceColumn:
        return tr("Service");
    case StartColumn:
        return tr("Start");
    case DurationColumn:
        return tr("Duration");
    case SelfTimeColumn:
        return tr("Self time");
    case ErrorsColumn:
        return tr("Errors");
    default:
        return {};
    }
}

} // namespace stackdeck::ui
