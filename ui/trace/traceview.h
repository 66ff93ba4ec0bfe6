#pragma once

#include "store/workspacesession.h"
#include "tracejobs.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTreeView;

namespace stackdeck::ui {

class SpanDetails;
class SpanTreeModel;
class TimelineWidget;

// One trace: the waterfall (or the span tree) above the selected span's
// details, with find (Ctrl+F, next/previous) and colouring by service or op.
// The trace is read on a worker; a newer openTrace() drops an older read.
class TraceView : public QWidget {
    Q_OBJECT
public:
    explicit TraceView(QWidget* parent = nullptr);

    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // Opens a trace; `selectSpanId` (e.g. the span an error happened in) is
    // selected once it is loaded, else the root.
    void openTrace(const QString& traceId, const QString& selectSpanId = {});
    // Shows an already assembled trace (tests, the screenshot harness).
    void setTrace(TracePtr trace, const QString& selectSpanId = {});
    QString traceId() const { return m_traceId; }
    TimelineWidget* timeline() const { return m_timeline; }
    SpanDetails* details() const { return m_details; }
    SpanTreeModel* spanModel() const { return m_spanModel; }
    QLineEdit* findField() const { return m_find; }
    QCheckBox* breadcrumbsBox() const { return m_breadcrumbs; }

Q_SIGNALS:
    void traceLoaded(const QString& traceId);
    void extrasLoaded(); // the breadcrumbs and span notes of the trace are on the timeline
    void loadFailed(const QString& message);
    void openEventRequested(const QString& eventId);

private:
    void showDetails(int span);
    void syncTreeSelection(int span);
    void loadExtras();

    std::shared_ptr<store::WorkspaceSession> m_session;
    QString m_traceId;
    TracePtr m_trace;
    quint64 m_generation = 0;
    TimelineWidget* m_timeline;
    SpanTreeModel* m_spanModel;
    QTreeView* m_spanTree;
    QTabWidget* m_tabs;
    SpanDetails* m_details;
    QLineEdit* m_find;
    QLabel* m_findStatus;
    QComboBox* m_colorBy;
    QCheckBox* m_breadcrumbs;
    QLabel* m_status;
};

} // namespace stackdeck::ui
