#pragma once

#include "model/ids.h"
#include "store/sqlfilter.h"
#include "store/sqlite.h"

#include <QWidget>

#include <optional>

class QTreeView;

namespace stackdeck::ui {

class NodeTreeModel;

// Workspace and sources, projects, status (with counts), environments and
// releases. One choice per section; together they scope the issue list.
class Sidebar : public QWidget {
    Q_OBJECT
public:
    enum Section { WorkspaceSection = 1, SourceItem, ProjectItem, StatusItem, EnvironmentItem, ReleaseItem };
    static constexpr int kAllStatuses = -1;

    explicit Sidebar(QWidget* parent = nullptr);
    void setDatabase(sql::Database* db, const QString& path);
    void refresh(); // counts and lists again, choices kept
    SqlFilter scopeFilter() const;
    void setStatus(int status); // IssueStatus value or kAllStatuses
    int status() const { return m_status; }
    void setProject(ProjectId project);
    void setEnvironment(const QString& environment); // empty = all
    void setRelease(const QString& release);
    QString environment() const { return m_environment; }
    QTreeView* view() const { return m_view; }
    NodeTreeModel* model() const { return m_model; }
    // "Unresolved 12" and the like, for tests and the status bar.
    QString statusLabel(int status) const;

Q_SIGNALS:
    void scopeChanged();

private:
    void rebuild();
    void onClicked(const QModelIndex& index);
    sql::Database* m_db = nullptr;
    QString m_path;
    NodeTreeModel* m_model;
    QTreeView* m_view;
    ProjectId m_project;
    int m_status = 0;
    QString m_environment;
    QString m_release;
    std::array<std::int64_t, 3> m_counts {};
};

} // namespace stackdeck::ui
