#pragma once

#include "regroup/regroupplan.h"
#include "store/eventqueries.h"
#include "store/workspacesession.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace stackdeck::ui {

class AffectedIssueModel;
class GroupingCompareView;
class NodeTreeModel;
class RegroupRunner;

// What-if regrouping: every stored event grouped again with candidate rules
// on a worker (progress, Cancel), then how today's issues would change -
// counts, the affected issues, the groups each would go to, and for one of
// its events the grouping before and after side by side. Apply regroups for
// real, in the background.
class WhatIfDialog : public QDialog {
    Q_OBJECT
public:
    // Reads titles, event lists and rules on the session's readers (small,
    // bounded reads); the dry run and Apply run on workers of their own.
    WhatIfDialog(
        std::shared_ptr<store::WorkspaceSession> session, regroup::RegroupOptions options, QWidget* parent = nullptr);
    ~WhatIfDialog() override;

    void start(); // the dry run
    void apply(); // asks first when interactive
    void cancel();
    bool isRunning() const;
    const std::shared_ptr<const regroup::RegroupPlan>& plan() const { return m_plan; }
    const std::shared_ptr<const regroup::RegroupSummary>& summary() const { return m_summary; }
    void selectIssue(int row);
    void compareEvent(EventRowId row);
    bool isComparing() const { return m_comparing; }
    void setInteractive(bool interactive) { m_interactive = interactive; }

    QString statusText() const;
    QString countsText() const; // "unchanged 36 · split 1 · merged 2"
    AffectedIssueModel* issueModel() const { return m_issues; }
    QTableView* issueView() const { return m_issueView; }
    NodeTreeModel* groupsModel() const { return m_groups; }
    QComboBox* eventBox() const { return m_events; }
    GroupingCompareView* compareView() const { return m_compare; }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }

Q_SIGNALS:
    void planned();
    void applied(); // the workspace changed: refresh the views
    void comparisonShown();

protected:
    void reject() override;

private:
    void onPlanned(std::shared_ptr<const regroup::RegroupPlan> plan);
    void onApplied(std::shared_ptr<const regroup::RegroupSummary> summary);
    void onProgress(qint64 done, qint64 total);
    void showRunning(const QString& text);
    void showIdle();
    void fillGroups(const regroup::AffectedIssue& issue);
    void fillEvents(IssueId issue);
    QString issueTitle(IssueId id) const;
    regroup::ProjectRules candidateFor(const std::string& project) const;

    QString m_path;
    std::shared_ptr<store::WorkspaceSession> m_session; // null: no workspace
    regroup::RegroupOptions m_options;
    std::shared_ptr<const regroup::RegroupPlan> m_plan;
    std::shared_ptr<const regroup::RegroupSummary> m_summary;
    RegroupRunner* m_runner;
    quint64 m_compareJob = 0;
    bool m_comparing = false;
    bool m_interactive = true;
    bool m_applying = false;

    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QLabel* m_unchanged;
    QLabel* m_split;
    QLabel* m_merged;
    QLabel* m_totals;
    QStackedWidget* m_issueStack;
    QLabel* m_noChanges;
    AffectedIssueModel* m_issues;
    QTableView* m_issueView;
    NodeTreeModel* m_groups;
    QTreeView* m_groupView;
    QComboBox* m_events;
    GroupingCompareView* m_compare;
    QPushButton* m_apply;
    QPushButton* m_close;
};

} // namespace stackdeck::ui
