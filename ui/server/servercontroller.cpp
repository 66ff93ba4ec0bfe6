#include "servercontroller.h"

#include "accountspanel.h"
#include "common/futurewatch.h"
#include "common/messagebox.h"
#include "connectdialog.h"
#include "outboxdialog.h"
#include "store/serverrows.h"
#include "syncnotifier.h"
#include "syncrunner.h"

#include <QDesktopServices>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QUrl>
#include <QtConcurrent>

namespace stackdeck::ui {
namespace {

std::optional<store::ServerIssueLink> readLink(const std::shared_ptr<store::WorkspaceSession>& session, IssueId issue)
{
    if (!session || !issue.isValid())
        return std::nullopt;
    try {
        auto reader = session->reader();
        if (!reader)
            return std::nullopt;
        return store::serverIssueLink(reader->db(), issue.value);
    } catch (const std::exception& e) {
        qWarning("stackdeck: reading the issue's server link: %s", e.what());
        return std::nullopt;
    }
}

} // namespace

ServerController::ServerController(QWidget* window)
    : QObject(window)
    , m_window(window)
    , m_runner(new SyncRunner(this))
    , m_notifier(new SyncNotifier(this))
    , m_accounts(new AccountsPanel(m_runner, window))
    , m_menu(new QMenu(tr("&Server"), window))
    , m_link(new QToolButton(window))
{
    m_menu->setObjectName(QStringLiteral("serverMenu"));
    QAction* connectAction = m_menu->addAction(tr("&Connect to a server…"), this, [this] { openConnectDialog(); });
    connectAction->setObjectName(QStringLiteral("actionServerConnect"));
    QAction* syncAction = m_menu->addAction(tr("&Sync account"), this, [this] {
        if (!m_accounts->sync())
            Q_EMIT message(tr("Choose an account in the sidebar (or a sync is running)."));
    });
    syncAction->setObjectName(QStringLiteral("actionServerSync"));
    syncAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
    QAction* cancelAction = m_menu->addAction(tr("Ca&ncel sync"), m_runner, &SyncRunner::cancel);
    cancelAction->setEnabled(false);
    m_menu->addSeparator();
    m_menu->addAction(tr("&Outbox…"), this, [this] { openOutbox(); })->setObjectName(QStringLiteral("actionOutbox"));
    connect(m_runner, &SyncRunner::started, cancelAction, [cancelAction] { cancelAction->setEnabled(true); });
    connect(m_runner, &SyncRunner::finished, this, [this, cancelAction](const ServerJobOutcome& outcome) {
        cancelAction->setEnabled(false);
        Q_EMIT workspaceChanged();
        // One summary per sync, never one per issue.
        if (!outcome.alertTitle.isEmpty() && !m_notifier->notify(outcome.alertTitle, outcome.alertBody))
            Q_EMIT message(outcome.alertTitle + QStringLiteral(": ") + outcome.alertBody);
    });

    connect(m_accounts, &AccountsPanel::connectRequested, this, [this] { openConnectDialog(); });
    connect(m_accounts, &AccountsPanel::outboxRequested, this, [this] { openOutbox(); });
    connect(m_accounts, &AccountsPanel::message, this, &ServerController::message);
    connect(m_accounts, &AccountsPanel::removeRequested, this, [this](std::int64_t id) {
        const int row = m_accounts->model()->rowOf(id);
        if (row < 0)
            return;
        const auto account = m_accounts->model()->rowAt(row).account;
        if (m_interactive
            && askPlain(m_window, tr("Remove account"),
                   tr("Remove the account %1? Its issues stay in the workspace; its token is forgotten.")
                       .arg(QString::fromStdString(account.name)),
                   QMessageBox::Yes | QMessageBox::Cancel)
                != QMessageBox::Yes)
            return;
        whenFinished(this, QtConcurrent::run([session = m_session, account] {
            forgetToken(account);
            return removeServerAccount(session, account.name);
        }),
            [this](const Result<bool>& r) {
                if (!r)
                    Q_EMIT message(QString::fromStdString(r.error().message));
                m_accounts->refresh();
            });
    });

    m_link->setObjectName(QStringLiteral("serverLinkButton"));
    m_link->setAutoRaise(true);
    m_link->hide();
    connect(m_link, &QToolButton::clicked, this, &ServerController::openPermalink);
}

void ServerController::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    m_accounts->setSession(m_session);
    if (m_outbox)
        m_outbox->close();
    setIssue({});
}

void ServerController::setIssue(IssueId issue)
{
    const quint64 job = ++m_linkJob;
    whenFinished(this, QtConcurrent::run([session = m_session, issue] { return readLink(session, issue); }),
        [this, job](const std::optional<store::ServerIssueLink>& link) {
            if (job != m_linkJob)
                return;
            m_permalink = link ? QString::fromStdString(link->permalink) : QString();
            if (!link) {
                m_link->hide();
            } else {
                const QString shortId = QString::fromStdString(link->shortId);
                QString text = shortId + QStringLiteral(" ↗");
                if (link->state == "merged")
                    text += tr(" (merged on the server into %1)").arg(QString::fromStdString(link->mergedInto));
                else if (link->state == "deleted")
                    text += tr(" (deleted on the server)");
                m_link->setText(text);
                const QString account = QString::fromStdString(link->accountName);
                m_link->setToolTip(m_permalink.isEmpty()
                        ? tr("%1 on %2; the server gave no permalink").arg(shortId, account)
                        : tr("%1 on %2: open in the browser (%3)").arg(shortId, account, m_permalink));
                m_link->setEnabled(!m_permalink.isEmpty());
                m_link->show();
            }
            Q_EMIT linkChanged();
        });
}

void ServerController::openPermalink()
{
    const QUrl url(m_permalink, QUrl::StrictMode);
    if (url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")))
        QDesktopServices::openUrl(url);
}

ConnectDialog* ServerController::openConnectDialog()
{
    if (!m_connect) {
        m_connect = new ConnectDialog(m_window);
        m_connect->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_connect, &QDialog::accepted, this, [this, dialog = m_connect] { connectAccount(dialog); });
    }
    if (m_interactive) {
        m_connect->show();
        m_connect->raise();
    }
    return m_connect;
}

void ServerController::connectAccount(ConnectDialog* dialog)
{
    if (!dialog || !m_session)
        return;
    const store::ServerAccount account = dialog->account();
    const QByteArray token = dialog->token();
    dialog->tokenEdit()->clear();
    whenFinished(this, QtConcurrent::run([session = m_session, account, token]() -> Result<QString> {
        auto id = addServerAccount(session, account);
        if (!id)
            return id.error();
        return rememberToken(account, token);
    }),
        [this, account](const Result<QString>& where) {
            if (!where) {
                Q_EMIT message(QString::fromStdString(where.error().message));
                return;
            }
            Q_EMIT message(tr("Connected %1; %2").arg(QString::fromStdString(account.name), *where));
            connect(
                m_accounts, &AccountsPanel::refreshed, this,
                [this, name = account.name] {
                    for (const auto& r : m_accounts->model()->rows()) {
                        if (r.account.name == name)
                            m_accounts->sync(r.account.id);
                    }
                },
                Qt::SingleShotConnection);
            m_accounts->refresh();
        });
}

OutboxDialog* ServerController::openOutbox()
{
    if (!m_session)
        return nullptr;
    if (!m_outbox) {
        m_outbox = new OutboxDialog(m_session, m_runner, m_window);
        m_outbox->setAttribute(Qt::WA_DeleteOnClose);
        m_outbox->setInteractive(m_interactive);
        connect(m_outbox, &OutboxDialog::changed, this, [this] {
            m_accounts->refresh();
            Q_EMIT workspaceChanged();
        });
    }
    if (m_interactive) {
        m_outbox->show();
        m_outbox->raise();
    }
    return m_outbox;
}

} // namespace stackdeck::ui
