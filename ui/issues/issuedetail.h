#pragma once

#include "event/loadedevent.h"
#include "model/issue.h"
#include "store/workspacesession.h"

#include <QWidget>

#include <memory>

class QTabWidget;
class QTableView;
class QLabel;
class QStackedWidget;

namespace stackdeck::ui {

class IssueHeader;
class HistogramWidget;
class TagBars;
class EventNavigator;
class EventView;
class EventLoader;
class EventListModel;
class EmptyState;

// The right side: one issue's header, histogram and top tags, then its
// events — one at a time with the navigator, or all of them as a list.
class IssueDetail : public QWidget {
    Q_OBJECT
public:
    explicit IssueDetail(QWidget* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session); // null: no workspace
    // Invalid id: the empty state. The issue's header, tags and histogram are
    // read on a worker; the view shows them when they land.
    void showIssue(IssueId issue);
    void refreshIssue(); // counts/histogram again (import in progress); keeps the event
    IssueId issue() const { return m_issue.id; }
    const Issue& currentIssue() const { return m_issue; }

    void stepEvent(EventStep step);
    void openEvent(EventRowId row);
    EventView* eventView() const { return m_eventView; }
    EventNavigator* navigator() const { return m_navigator; }
    IssueHeader* header() const { return m_header; }
    TagBars* tagBars() const { return m_tags; }
    QLabel* tagCountsNote() const { return m_tagNote; } // shown while an import has events left to count
    HistogramWidget* histogram() const { return m_histogram; }
    QTableView* eventsView() const { return m_eventsView; }
    EventListModel* eventsModel() const { return m_eventsModel; }
    QTabWidget* tabs() const { return m_tabs; }
    bool isLoading() const; // an event or the issue's summary is being read

Q_SIGNALS:
    void tagClicked(const QString& key, const QString& value);
    void eventShown(const stackdeck::ui::LoadedEventPtr& event);

private:
    struct Summary;
    static Summary readSummary(store::WorkspaceSession& session, IssueId id); // on a worker
    void onLoaded(const LoadedEventPtr& event);
    void requestSummary(IssueId id);
    void showSummary(const Summary& summary);
    void showNoIssue();
    std::shared_ptr<store::WorkspaceSession> m_session;
    IssueId m_wanted; // the issue asked for last (m_issue until its summary lands)
    quint64 m_summaryJob = 0;
    int m_summaryPending = 0;
    Issue m_issue;
    QStackedWidget* m_stack;
    EmptyState* m_empty;
    IssueHeader* m_header;
    HistogramWidget* m_histogram;
    TagBars* m_tags;
    QLabel* m_tagNote;
    QTabWidget* m_tabs;
    EventNavigator* m_navigator;
    EventView* m_eventView;
    QTableView* m_eventsView;
    EventListModel* m_eventsModel;
    EventLoader* m_loader;
};

} // namespace stackdeck::ui
