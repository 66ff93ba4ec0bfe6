#pragma once

#include "servermodels.h"
#include "store/workspacesession.h"

#include <QDialog>

#include <memory>

class QTableView;
class QLabel;
class QPushButton;

namespace stackdeck::ui {

class SyncRunner;
struct ServerJobOutcome;

// Server > Outbox…: the triage waiting to go to the servers, as a diff (issue,
// field, before -> after, state). Drop a change, resolve a conflict, push.
// Reads, writes and the push run on workers.
class OutboxDialog : public QDialog {
    Q_OBJECT
public:
    OutboxDialog(std::shared_ptr<store::WorkspaceSession> session, SyncRunner* runner, QWidget* parent = nullptr);

    void reload();
    bool isBusy() const { return m_pending > 0; }
    void dropSelected();
    void push();
    // Opens the conflict dialog for the selected conflict (interactive) or returns it.
    void resolveSelected();
    void resolve(std::int64_t id, store::ConflictChoice choice);
    void setInteractive(bool interactive) { m_interactive = interactive; }

    OutboxModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QString statusText() const;
    QPushButton* pushButton() const { return m_push; }

Q_SIGNALS:
    void reloaded();
    void changed(); // a drop, a resolution or a push changed the workspace

private:
    void updateButtons();
    void pushFinished(const ServerJobOutcome& outcome);
    std::shared_ptr<store::WorkspaceSession> m_session;
    SyncRunner* m_runner;
    OutboxModel* m_model;
    QTableView* m_view;
    QLabel* m_status;
    QPushButton* m_drop;
    QPushButton* m_resolve;
    QPushButton* m_push;
    int m_pending = 0;
    quint64 m_job = 0;
    bool m_interactive = true;
    bool m_keepStatus = false; // a push's summary stays until the next change
};

} // namespace stackdeck::ui
