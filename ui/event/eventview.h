#pragma once

#include "loadedevent.h"

#include <QWidget>

#include <vector>

class QTabWidget;
class QLabel;

namespace stackdeck::ui {

class EventPane;
class EventNotes;

// The panes of one event as tabs; tabs without content are hidden, and a pane
// is filled only when it is first shown for the current event.
class EventView : public QWidget {
    Q_OBJECT
public:
    explicit EventView(QWidget* parent = nullptr);
    void setEvent(LoadedEventPtr event);
    const LoadedEventPtr& event() const { return m_event; }
    void clear();
    // The grouping pane reads the project's rules from it.
    void setSession(std::shared_ptr<store::WorkspaceSession> session);

    EventPane* pane(const QString& name) const;
    template <typename T> T* pane() const
    {
        for (EventPane* p : m_panes) {
            if (auto* t = qobject_cast<T*>(p))
                return t;
        }
        return nullptr;
    }
    bool isPaneVisible(const QString& name) const;
    bool selectPane(const QString& name); // false when that pane is hidden for this event
    QString currentPaneName() const;
    void activateFind();
    QTabWidget* tabs() const { return m_tabs; }
    QStringList paneNames() const;
    // The current event's notes (markers on frames and breadcrumbs, "Add note…").
    EventNotes* notes() const { return m_notes; }

Q_SIGNALS:
    void tagClicked(const QString& key, const QString& value);
    void noteWritten(); // a note was added from a frame's or breadcrumb's menu
    // The trace pane's "Open trace": the timeline of the trace with that span selected.
    void openTraceRequested(const QString& traceId, const QString& spanId);

private:
    void populateCurrent();
    LoadedEventPtr m_event;
    QLabel* m_info;
    QLabel* m_message;
    QLabel* m_trims; // what the decoder shortened (Event::trims)
    QTabWidget* m_tabs;
    EventNotes* m_notes;
    std::vector<EventPane*> m_panes;
    std::vector<bool> m_filled;
    QString m_preferred; // the pane the user last chose; kept across events
};

} // namespace stackdeck::ui
