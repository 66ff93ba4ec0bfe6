#include "contributingfilter.h"

#include "groupingtreemodel.h"

namespace stackdeck::ui {

ContributingFilter::ContributingFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
}

void ContributingFilter::setShowNonContributing(bool show)
{
    if (show == m_showAll)
        return;
    m_showAll = show;
    invalidateRowsFilter();
}

bool ContributingFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_showAll)
        return true;
    return sourceModel()->index(sourceRow, 0, sourceParent).data(GroupingTreeModel::ContributesRole).toBool();
}

} // namespace stackdeck::ui
