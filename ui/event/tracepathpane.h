#pragma once

#include "eventpane.h"
#include "trace/spanpath.h"

#include <memory>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace stackdeck::ui {

// Where the event happened in its trace: the way from the trace's root down to
// the span the event was attached to, one row per step (service · op ·
// description), the event's span last. "Open trace" (or a double-click on a
// step) asks for the timeline with that span selected. The trace is read and
// assembled on a worker; an older read is dropped when the event changes.
class TracePathPane : public EventPane {
    Q_OBJECT
public:
    explicit TracePathPane(QWidget* parent = nullptr);
    QString paneName() const override { return QStringLiteral("trace"); }
    QString title() const override { return tr("Trace"); }
    bool hasContent(const LoadedEvent& event) const override { return !event.row.traceId.empty(); }
    void populate(const LoadedEvent& event) override;
    void setSession(std::shared_ptr<store::WorkspaceSession> session) { m_session = std::move(session); }

    QTreeWidget* steps() const { return m_steps; }
    QPushButton* openButton() const { return m_open; }
    QLabel* summaryLabel() const { return m_summary; }
    bool isLoading() const { return m_loading; }
    const std::vector<trace::PathStep>& path() const { return m_path; }

Q_SIGNALS:
    void openTraceRequested(const QString& traceId, const QString& spanId);
    void pathShown(); // a read landed (the path, or why there is none)

private:
    struct Read;
    void show(const Read& read);
    void openStep(const QTreeWidgetItem* item);

    std::shared_ptr<store::WorkspaceSession> m_session;
    QLabel* m_summary;
    QTreeWidget* m_steps;
    QLabel* m_note;
    QPushButton* m_open;
    QString m_traceId;
    std::vector<trace::PathStep> m_path;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace stackdeck::ui
