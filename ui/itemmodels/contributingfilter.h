#pragma once

#include <QSortFilterProxyModel>

namespace stackdeck::ui {

// Hides the rows of a GroupingTreeModel that do not contribute to the hash
// (the "show non-contributing" toggle off).
class ContributingFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ContributingFilter(QObject* parent = nullptr);
    void setShowNonContributing(bool show);
    bool showsNonContributing() const { return m_showAll; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool m_showAll = true;
};

} // namespace stackdeck::ui
