#pragma once

#include "regroup/regroupplan.h"

#include <QWidget>

class QLabel;
class QTreeView;

namespace stackdeck::ui {

class GroupingTreeModel;

// One event's grouping with the stored rules and with the candidate rules,
// side by side; rows that differ from the other side are highlighted and
// the two trees scroll together.
class GroupingCompareView : public QWidget {
    Q_OBJECT
public:
    explicit GroupingCompareView(QWidget* parent = nullptr);
    void setComparison(const regroup::EventGroupingComparison& comparison);
    void setMessage(const QString& message); // instead of the trees: loading, errors
    void clear();

    GroupingTreeModel* beforeModel() const { return m_beforeModel; }
    GroupingTreeModel* afterModel() const { return m_afterModel; }
    QTreeView* beforeView() const { return m_before; }
    QTreeView* afterView() const { return m_after; }
    QString beforeText() const;
    QString afterText() const;
    int changedRows() const; // highlighted rows among those built so far, both sides

private:
    QLabel* m_message;
    QLabel* m_beforeTitle;
    QLabel* m_afterTitle;
    GroupingTreeModel* m_beforeModel;
    GroupingTreeModel* m_afterModel;
    QTreeView* m_before;
    QTreeView* m_after;
};

} // namespace stackdeck::ui
