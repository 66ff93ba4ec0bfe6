#pragma once

#include "savedsearchmodel.h"
#include "store/sqlfilter.h"
#include "store/workspacesession.h"

#include <QThreadPool>
#include <QWidget>

#include <memory>

class QTreeView;
class QToolButton;

namespace stackdeck::ui {

// The sidebar's "Saved searches" section: each search with its live count
// (re-counted on refresh(), e.g. while an import runs, on a worker), a click
// runs it, and the current search can be saved under a name, renamed or removed.
class SavedSearchesPanel : public QWidget {
    Q_OBJECT
public:
    explicit SavedSearchesPanel(QWidget* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // The list and the counts again (counts only when the list did not change).
    void refresh();
    // The search field's text, for "Save current search…".
    void setCurrentQuery(const QString& query) { m_currentQuery = query; }
    QString currentQuery() const { return m_currentQuery; }
    void saveSearch(const QString& name, const QString& query);
    void removeSearch(std::int64_t id);
    void renameSearch(std::int64_t id, const QString& name);
    bool isBusy() const { return m_pending > 0; }

    SavedSearchModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }

    // The sidebar's scope (project, environment, ...) the counts are taken in.
    void setScope(const SqlFilter& scope);

Q_SIGNALS:
    void searchChosen(const QString& query);
    void refreshed();
    void failed(const QString& message);

private:
    void askName();
    void showMenu(const QPoint& pos);
    template <typename Fn> void write(Fn fn);
    std::shared_ptr<store::WorkspaceSession> m_session;
    SavedSearchModel* m_model;
    QTreeView* m_view;
    QToolButton* m_save;
    QString m_currentQuery;
    SqlFilter m_scope;
    quint64 m_job = 0;
    int m_pending = 0;
    // One thread: saves, renames and removals land in the order they were
    // made (on the shared pool two quick saves could swap places in the list).
    QThreadPool m_writes;
};

} // namespace stackdeck::ui
