#pragma once

#include "model/ids.h"
#include "store/workspacesession.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QMenu;
class QToolButton;
class QWidget;

namespace stackdeck::ui {

class AccountsPanel;
class ConnectDialog;
class OutboxDialog;
class SyncNotifier;
class SyncRunner;

// The window's server features in one place: the Server menu (connect, sync,
// outbox, push), the sidebar's accounts section, the issue header's link to
// the server's permalink (plain text, opened only on a click; merged or
// deleted on the server said so) and the dialogs. The window only places
// the widgets and hands over the session and the current issue.
class ServerController : public QObject {
    Q_OBJECT
public:
    explicit ServerController(QWidget* window);
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    void setIssue(IssueId issue);
    void setInteractive(bool interactive) { m_interactive = interactive; }

    QMenu* menu() const { return m_menu; }
    AccountsPanel* accounts() const { return m_accounts; }
    QToolButton* linkButton() const { return m_link; }
    SyncRunner* runner() const { return m_runner; }
    SyncNotifier* notifier() const { return m_notifier; }
    QString permalink() const { return m_permalink; }

    ConnectDialog* openConnectDialog();
    OutboxDialog* openOutbox();
    // Adds the dialog's account, keeps its token (keychain or memory), then syncs it.
    void connectAccount(ConnectDialog* dialog);

Q_SIGNALS:
    void workspaceChanged(); // a sync, a push or an outbox change: lists and counts again
    void message(const QString& text);
    void linkChanged();

private:
    void openPermalink();
    QWidget* m_window;
    std::shared_ptr<store::WorkspaceSession> m_session;
    SyncRunner* m_runner;
    SyncNotifier* m_notifier;
    AccountsPanel* m_accounts;
    QMenu* m_menu;
    QToolButton* m_link;
    QString m_permalink;
    QPointer<ConnectDialog> m_connect;
    QPointer<OutboxDialog> m_outbox;
    quint64 m_linkJob = 0;
    bool m_interactive = true;
};

} // namespace stackdeck::ui
