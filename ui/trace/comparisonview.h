#pragma once

#include "store/workspacesession.h"
#include "tracejobs.h"

#include <QWidget>

class QLabel;
class QTreeView;

namespace stackdeck::ui {

class ComparisonModel;

// Two traces (meant: of the same root transaction) aligned in one tree:
// spans only in A or only in B tinted and marked, per matched span the
// durations and their difference, coloured. Both traces are read on a worker.
class ComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonView(QWidget* parent = nullptr);

    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    void compare(const QString& traceA, const QString& traceB);
    void setTraces(TracePtr a, TracePtr b);
    ComparisonModel* model() const { return m_model; }
    QTreeView* tree() const { return m_tree; }

Q_SIGNALS:
    void compared();
    void loadFailed(const QString& message);

private:
    std::shared_ptr<store::WorkspaceSession> m_session;
    quint64 m_generation = 0;
    QLabel* m_summary;
    QTreeView* m_tree;
    ComparisonModel* m_model;
};

} // namespace stackdeck::ui
