#pragma once

#include "model/ids.h"
#include "servermodels.h"
#include "store/workspacesession.h"

#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QToolButton;
class QTreeView;

namespace stackdeck::ui {

class SyncRunner;
struct ServerJobOutcome;

// The sidebar's "Accounts" section: each server account with its last sync
// time (or "offline" when the last sync could not reach the server) and what
// waits in its outbox; a sync in progress shows its progress and a cancel
// button. The accounts are read on a worker, the sync runs in the SyncRunner.
class AccountsPanel : public QWidget {
    Q_OBJECT
public:
    AccountsPanel(SyncRunner* runner, QWidget* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    void refresh();
    bool isBusy() const { return m_pending > 0; }
    // Syncs an account (the selected one when 0); false when one is running.
    bool sync(std::int64_t account = 0);
    std::int64_t selectedAccount() const;

    AccountModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QToolButton* cancelButton() const { return m_cancel; }
    QString progressText() const;

Q_SIGNALS:
    void refreshed();
    void connectRequested();
    void outboxRequested();
    void removeRequested(std::int64_t account);
    void projectChosen(stackdeck::ProjectId project); // a project under an account: list its issues
    void message(const QString& text); // for the status bar

private:
    void showMenu(const QPoint& pos);
    void syncStarted(const QString& what);
    void syncFinished(const ServerJobOutcome& outcome);
    std::shared_ptr<store::WorkspaceSession> m_session;
    SyncRunner* m_runner;
    AccountModel* m_model;
    QTreeView* m_view;
    QLabel* m_emptyHint;
    QWidget* m_progressRow;
    QLabel* m_progressText;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    quint64 m_job = 0;
    int m_pending = 0;
};

} // namespace stackdeck::ui
