#include "comparisonmodel.h"

#include "common/plaintext.h"
#include "timemapping.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QPalette>

#include <cmath>

namespace stackdeck::ui {

namespace {

bool darkPalette()
{
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

} // namespace

ComparisonModel::ComparisonModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void ComparisonModel::setComparison(trace::TraceComparison comparison)
{
    beginResetModel();
    m_cmp = std::move(comparison);
    const std::size_t n = m_cmp.rows.size();
    m_children.assign(n, {});
    m_tops.clear();
    m_rowInParent.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const int p = m_cmp.rows[i].parent;
        auto& siblings = p >= 0 && static_cast<std::size_t>(p) < n ? m_children[static_cast<std::size_t>(p)] : m_tops;
        m_rowInParent[i] = static_cast<int>(siblings.size());
        siblings.push_back(static_cast<int>(i));
    }
    endResetModel();
}

QModelIndex ComparisonModel::indexOfRow(int r, int column) const
{
    if (r < 0 || r >= static_cast<int>(m_cmp.rows.size()))
        return {};
    return createIndex(m_rowInParent[static_cast<std::size_t>(r)], column, static_cast<quintptr>(r));
}

QModelIndex ComparisonModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= NUM_COLUMNS || parent.column() > 0)
        return {};
    const auto& siblings = parent.isValid() ? m_children[parent.internalId()] : m_tops;
    if (row >= static_cast<int>(siblings.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(siblings[static_cast<std::size_t>(row)]));
}

QModelIndex ComparisonModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const int p = m_cmp.rows[child.internalId()].parent;
    return p >= 0 && p < static_cast<int>(m_cmp.rows.size()) ? indexOfRow(p, 0) : QModelIndex();
}

int ComparisonModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return static_cast<int>(parent.isValid() ? m_children[parent.internalId()].size() : m_tops.size());
}

int ComparisonModel::columnCount(const QModelIndex&) const
{
    return NUM_COLUMNS;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto& r = m_cmp.rows[index.internalId()];
    const auto relative = r.relativeDifference();
    const bool dark = darkPalette();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SpanColumn: {
            QString text = qs(r.description.empty() ? r.op : r.op + " \u2014 " + r.description).left(300);
            if (!r.inBoth())
                text = (r.a >= 0 ? tr("[only in A] ") : tr("[only in B] ")) + text;
            return text;
        }
        case ServiceColumn:
            return qs(r.service);
        case DurationAColumn:
            return r.a >= 0 ? durationText(r.durationA) : QString();
        case DurationBColumn:
            return r.b >= 0 ? durationText(r.durationB) : QString();
        case DiffColumn:
            return r.inBoth() ? (r.difference() > 0 ? QStringLiteral("+") : QString()) + durationText(r.difference())
                              : QString();
        case RelativeColumn:
            return relative ? QStringLiteral("%1%2%")
                                  .arg(*relative > 0 ? QStringLiteral("+") : QString())
                                  .arg(*relative * 100, 0, 'f', 1)
                            : QString();
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if ((index.column() == DiffColumn || index.column() == RelativeColumn) && r.inBoth() && r.difference() != 0) {
            const bool slower = r.difference() > 0;
            return QBrush(slower ? (dark ? QColor(255, 120, 120) : QColor(190, 20, 20))
                                 : (dark ? QColor(120, 220, 120) : QColor(20, 130, 40)));
        }
        return {};
    case Qt::BackgroundRole:
        if (!r.inBoth())
            return QBrush(r.a >= 0 ? (dark ? QColor(90, 40, 40) : QColor(255, 228, 228))
                                   : (dark ? QColor(30, 70, 40) : QColor(225, 245, 225)));
        if (relative && std::abs(*relative) >= 0.5)
            return QBrush(*relative > 0 ? (dark ? QColor(70, 35, 35) : QColor(255, 240, 235))
                                        : (dark ? QColor(30, 55, 35) : QColor(238, 250, 238)));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SpanColumn)
            return plainToolTip(qs(r.op) + QLatin1Char('\n') + qs(r.description).left(2000));
        return {};
    case Qt::TextAlignmentRole:
        return index.column() >= DurationAColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SideRole:
        return r.inBoth() ? QStringLiteral("both") : r.a >= 0 ? QStringLiteral("A") : QStringLiteral("B");
    case SortRole:
        switch (index.column()) {
        case DurationAColumn:
            return static_cast<qlonglong>(r.durationA);
        case DurationBColumn:
            return static_cast<qlonglong>(r.durationB);
        case DiffColumn:
            return static_cast<qlonglong>(r.difference());
        case RelativeColumn:
            return relative ? *relative : 0.0;
        default:
            return data(index, Qt::DisplayRole);
        }
    default:
        return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    const QStringList headers {tr("Span"), tr("Service"), tr("A"), tr("B"), tr("B − A"), tr("Change")};
    return section >= 0 && section < headers.size() ? headers[section] : QVariant();
}

} // namespace stackdeck::ui
