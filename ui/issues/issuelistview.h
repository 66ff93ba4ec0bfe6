#pragma once

#include "model/ids.h"
#include "query/querycontext.h"
#include "store/sqlfilter.h"
#include "store/workspacesession.h"

#include <QWidget>

#include <bitset>
#include <memory>

class QTableView;
class QStackedWidget;

namespace stackdeck::ui {

class IssueListModel;
class SearchField;
class EmptyState;

// Search field, the issue table and its empty states.
class IssueListView : public QWidget {
    Q_OBJECT
public:
    explicit IssueListView(QWidget* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session); // null: no workspace
    // The sidebar's part of the filter (project, status, environment, release).
    void setScopeFilter(const SqlFilter& scope);
    void refresh(); // reload keeping the selection
    void selectIssue(IssueId id);
    void selectRow(int row);
    void moveSelection(int delta);
    IssueId currentIssue() const;
    void focusSearch();
    void addSearchTerm(const QString& key, const QString& value);
    void setWorkspaceEmpty(bool empty);

    IssueListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    SearchField* search() const { return m_search; }
    EmptyState* emptyState() const { return m_empty; }
    bool showsEmptyState() const;
    // The header's state with the columns the user chose (not those hidden for want of room).
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);
    // Fits the columns to the table's width now (it does on every resize); the title keeps ~30 characters.
    void fitColumns();
    int titleMinimumWidth() const;
    bool columnAutoHidden(int column) const { return m_autoHidden[static_cast<std::size_t>(column)]; }

    // True while the search's context (project names, tag keys) is read.
    bool isLoadingQueryContext() const { return m_contextLoading; }

Q_SIGNALS:
    void queryContextLoaded();
    void currentIssueChanged(stackdeck::IssueId id);
    void issueActivated(stackdeck::IssueId id);
    void importRequested();
    void demoRequested();
    void countsChanged(qint64 shown, qint64 total);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyQuery();
    // Reads the project names and tag keys the search compiles against, on a session reader on a worker.
    void loadQueryContext();
    void updateEmptyState();
    IssueListModel* m_model;
    SearchField* m_search;
    QTableView* m_table;
    EmptyState* m_empty;
    QStackedWidget* m_stack;
    SqlFilter m_scope;
    std::shared_ptr<store::WorkspaceSession> m_session;
    query::QueryContext m_queryContext;
    quint64 m_contextGeneration = 0; // a newer load (or session) drops an older one's result
    bool m_contextLoading = false;
    bool m_compiledWithoutContext = false; // the search on screen was compiled before the context landed
    bool m_queryRejected = false;
    bool m_workspaceEmpty = false;
    std::bitset<9> m_userHidden; // by IssueListModel::Column
    std::bitset<9> m_autoHidden;
    bool m_fitting = false;
};

} // namespace stackdeck::ui
