#pragma once

#include "model/ids.h"
#include "store/sqlfilter.h"
#include "store/summaryqueries.h"
#include "store/workspacesession.h"

#include <QWidget>

#include <memory>
#include <optional>

class QTreeView;

namespace stackdeck::ui {

class NodeTreeModel;

// Workspace and sources, projects, status (with counts), environments and
// releases. One choice per section; together they scope the issue list.
// The lists and counts are read on a worker (an import refreshes them every
// second); a choice marks itself at once and its counts follow.
class Sidebar : public QWidget {
    Q_OBJECT
public:
    enum Section { WorkspaceSection = 1, SourceItem, ProjectItem, StatusItem, EnvironmentItem, ReleaseItem };
    static constexpr int kAllStatuses = -1;

    explicit Sidebar(QWidget* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session); // null: no workspace
    void refresh(); // counts and lists again, choices kept
    bool isRefreshing() const { return m_pending > 0; }
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

    // What the sidebar lists, as read by a worker.
    struct Contents {
        std::vector<store::SourceSummary> sources;
        std::vector<store::ProjectSummary> projects;
        std::array<std::int64_t, 3> counts {};
        std::vector<store::TagValueIssues> environments;
        std::vector<store::TagValueIssues> releases;
        std::string error;
    };

Q_SIGNALS:
    void scopeChanged();
    void refreshed(); // new contents landed

private:
    static Contents readContents(store::WorkspaceSession& session, const SqlFilter& countScope);
    void rebuild();
    void onClicked(const QModelIndex& index);
    std::shared_ptr<store::WorkspaceSession> m_session;
    QString m_path;
    Contents m_contents;
    quint64 m_job = 0;
    int m_pending = 0;
    NodeTreeModel* m_model;
    QTreeView* m_view;
    ProjectId m_project;
    int m_status = 0;
    QString m_environment;
    QString m_release;
};

} // namespace stackdeck::ui
