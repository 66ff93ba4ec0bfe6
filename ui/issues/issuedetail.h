#pragma once

#include "event/loadedevent.h"
#include "model/issue.h"
#include "store/sqlite.h"

#include <QWidget>

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
    void setWorkspace(sql::Database* db, const QString& path);
    void showIssue(IssueId issue); // invalid id: the empty state
    void refreshIssue(); // counts/histogram again (import in progress); keeps the event
    IssueId issue() const { return m_issue.id; }
    const Issue& currentIssue() const { return m_issue; }

    void stepEvent(EventStep step);
    void openEvent(EventRowId row);
    EventView* eventView() const { return m_eventView; }
    EventNavigator* navigator() const { return m_navigator; }
    IssueHeader* header() const { return m_header; }
    TagBars* tagBars() const { return m_tags; }
    HistogramWidget* histogram() const { return m_histogram; }
    QTableView* eventsView() const { return m_eventsView; }
    EventListModel* eventsModel() const { return m_eventsModel; }
    QTabWidget* tabs() const { return m_tabs; }
    bool isLoading() const;

Q_SIGNALS:
    void tagClicked(const QString& key, const QString& value);
    void eventShown(const stackdeck::ui::LoadedEventPtr& event);

private:
    void onLoaded(const LoadedEventPtr& event);
    void loadSummary();
    sql::Database* m_db = nullptr;
    Issue m_issue;
    QStackedWidget* m_stack;
    EmptyState* m_empty;
    IssueHeader* m_header;
    HistogramWidget* m_histogram;
    TagBars* m_tags;
    QTabWidget* m_tabs;
    EventNavigator* m_navigator;
    EventView* m_eventView;
    QTableView* m_eventsView;
    EventListModel* m_eventsModel;
    EventLoader* m_loader;
};

} // namespace stackdeck::ui
