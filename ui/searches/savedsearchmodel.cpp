#include "savedsearchmodel.h"

#include "common/plaintext.h"
#include "common/timeformat.h"

namespace stackdeck::ui {

QStringList SavedSearchModel::headers() const
{
    return {tr("Saved search"), tr("Issues")};
}

QVariant SavedSearchModel::cell(const SavedSearchRow& row, int column, int role) const
{
    switch (role) {
    case QueryRole:
        return qs(row.search.query);
    case IdRole:
        return static_cast<qlonglong>(row.search.id);
    case CountRole:
        return row.count ? QVariant(static_cast<qlonglong>(*row.count)) : QVariant();
    case Qt::ToolTipRole:
        return row.error.empty() ? qs(row.search.query) : qs(row.search.query + "\n" + row.error);
    case Qt::TextAlignmentRole:
        return column == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
        if (column == NameColumn)
            return qs(row.search.name);
        if (column == CountColumn)
            return row.count ? compactCount(*row.count)
                             : (row.error.empty() ? QStringLiteral("…") : QStringLiteral("!"));
        return {};
    default:
        return {};
    }
}

void SavedSearchModel::setCounts(const std::vector<SavedSearchRow>& counted)
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        for (const auto& c : counted) {
            if (c.search.id != m_rows[i].search.id)
                continue;
            m_rows[i].count = c.count;
            m_rows[i].error = c.error;
            const QModelIndex cellIndex = index(static_cast<int>(i), CountColumn);
            Q_EMIT dataChanged(cellIndex, cellIndex);
        }
    }
}

} // namespace stackdeck::ui
