#pragma once

#include "model/ids.h"
#include "query/querycontext.h"
#include "store/sqlfilter.h"
#include "store/workspacesession.h"

#include <QWidget>

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

Q_SIGNALS:
    void currentIssueChanged(stackdeck::IssueId id);
    void issueActivated(stackdeck::IssueId id);
    void importRequested();
    void demoRequested();
    void countsChanged(qint64 shown, qint64 total);

private:
    void applyQuery();
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
    bool m_queryRejected = false;
    bool m_workspaceEmpty = false;
};

} // namespace stackdeck::ui
