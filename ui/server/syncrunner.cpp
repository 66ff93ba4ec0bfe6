#include "syncrunner.h"

#include "server/pullsync.h"
#include "server/push.h"
#include "server/syncalerts.h"
#include "serverjobs.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QMetaObject>
#include <QtConcurrent>

namespace stackdeck::ui {
namespace {

ServerJobOutcome runSync(SyncRunner* self, const std::string& path, const store::ServerAccount& account,
    const server::ClientOptions& client, const std::atomic<bool>* cancel)
{
    ServerJobOutcome out;
    out.account = account.id;
    QString why;
    const QByteArray token = accountToken(account, &why);
    if (token.isEmpty()) {
        out.message
            = SyncRunner::tr("No token for %1: connect the account again (Server > Connect…)%2")
                  .arg(QString::fromStdString(account.name), why.isEmpty() ? QString() : QStringLiteral("; ") + why);
        return out;
    }
    server::PullOptions options;
    options.client = client;
    server::PullHooks hooks;
    hooks.progress = [self](const server::PullReport& r) {
        const QString text = SyncRunner::tr("%1 issues listed, %2 fetched, %3 events stored")
                                 .arg(r.issuesListed)
                                 .arg(r.issuesChanged)
                                 .arg(r.eventsImported + static_cast<std::int64_t>(r.eventsFetched));
        const int done = static_cast<int>(r.issuesListed);
        QMetaObject::invokeMethod(
            self, [self, text, done] { Q_EMIT self->progress(text, done, 0); }, Qt::QueuedConnection);
    };
    hooks.failed = [&out](server::ApiErrorKind kind) {
        out.offline = kind == server::ApiErrorKind::Network || kind == server::ApiErrorKind::Tls;
        out.cancelled = kind == server::ApiErrorKind::Cancelled;
    };
    const auto report = server::pullAccount(path, account, token, options, cancel, hooks);
    if (!report) {
        out.message = QString::fromStdString(report.error().message);
        return out;
    }
    out.ok = true;
    out.message = SyncRunner::tr("%1: %2 issues (%3 new, %4 unchanged), %5 events stored, %6 s")
                      .arg(QString::fromStdString(account.name))
                      .arg(report->issuesListed)
                      .arg(report->issuesNew)
                      .arg(report->issuesUnchanged)
                      .arg(report->eventsImported)
                      .arg(report->seconds, 0, 'f', 1);
    if (report->issuesFailed > 0)
        out.message += SyncRunner::tr("; %1 issues could not be fetched in full").arg(report->issuesFailed);
    if (report->issuesDeleted + report->issuesMerged > 0)
        out.message += SyncRunner::tr("; %1 deleted and %2 merged on the server")
                           .arg(report->issuesDeleted)
                           .arg(report->issuesMerged);
    if (report->fileIssuesJoined > 0)
        out.message += SyncRunner::tr("; %1 imported issues joined their server issue").arg(report->fileIssuesJoined);
    if (auto ws = store::Workspace::open(path)) {
        const auto alert = server::syncAlerts((*ws)->db(), *report, QDateTime::currentMSecsSinceEpoch() * 1000);
        if (!alert.empty()) {
            out.alertTitle = alert.title();
            out.alertBody = alert.body();
        }
    }
    return out;
}

ServerJobOutcome runPush(SyncRunner* self, const std::string& path, const std::vector<store::ServerAccount>& accounts,
    const server::ClientOptions& client, const std::atomic<bool>* cancel)
{
    ServerJobOutcome out;
    out.push = true;
    out.ok = true;
    QStringList parts;
    int index = 0;
    for (const auto& account : accounts) {
        const QString name = QString::fromStdString(account.name);
        QMetaObject::invokeMethod(
            self,
            [self, name, index, n = static_cast<int>(accounts.size())] {
                Q_EMIT self->progress(SyncRunner::tr("Pushing to %1…").arg(name), index, n);
            },
            Qt::QueuedConnection);
        ++index;
        const QByteArray token = accountToken(account);
        if (token.isEmpty()) {
            out.ok = false;
            parts << SyncRunner::tr("%1: no token (connect the account again)").arg(name);
            continue;
        }
        server::PushOptions options;
        options.client = client;
        const auto report = server::pushAccount(path, account, token, options, cancel);
        if (!report) {
            out.ok = false;
            const QString message = QString::fromStdString(report.error().message);
            out.cancelled = cancel->load();
            parts << name + QStringLiteral(": ") + message;
            continue;
        }
        out.conflicts += report->conflicts;
        out.ok = out.ok && report->failed == 0;
        parts << SyncRunner::tr("%1: %2 sent, %3 already there, %4 conflicts, %5 failed, %6 kept local")
                     .arg(name)
                     .arg(report->sent)
                     .arg(report->already)
                     .arg(report->conflicts)
                     .arg(report->failed)
                     .arg(report->unsupported);
    }
    out.message = parts.isEmpty() ? SyncRunner::tr("Nothing to push") : parts.join(QStringLiteral("; "));
    return out;
}

} // namespace

SyncRunner::SyncRunner(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ServerJobOutcome>();
}

SyncRunner::~SyncRunner()
{
    if (m_cancel)
        m_cancel->store(true);
    m_future.waitForFinished();
}

bool SyncRunner::startSync(const std::shared_ptr<store::WorkspaceSession>& session, const store::ServerAccount& account)
{
    if (m_busy || !session)
        return false;
    m_busy = true;
    m_account = account.id;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    Q_EMIT started(tr("Syncing %1…").arg(QString::fromStdString(account.name)));
    m_future = QtConcurrent::run([this, path = session->path(), account, client = m_client, cancel = m_cancel] {
        ServerJobOutcome out;
        try {
            out = runSync(this, path, account, client, cancel.get());
        } catch (const std::exception& e) {
            out.account = account.id;
            out.message = tr("The sync stopped: %1").arg(QString::fromUtf8(e.what()));
        }
        QMetaObject::invokeMethod(
            this, [this, out] { land(out); }, Qt::QueuedConnection);
    });
    return true;
}

bool SyncRunner::startPush(
    const std::shared_ptr<store::WorkspaceSession>& session, const std::vector<store::ServerAccount>& accounts)
{
    if (m_busy || !session)
        return false;
    m_busy = true;
    m_account = 0;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    Q_EMIT started(tr("Pushing the outbox…"));
    m_future = QtConcurrent::run([this, path = session->path(), accounts, client = m_client, cancel = m_cancel] {
        ServerJobOutcome out;
        try {
            out = runPush(this, path, accounts, client, cancel.get());
        } catch (const std::exception& e) {
            out.push = true;
            out.message = tr("The push stopped: %1").arg(QString::fromUtf8(e.what()));
        }
        QMetaObject::invokeMethod(
            this, [this, out] { land(out); }, Qt::QueuedConnection);
    });
    return true;
}

void SyncRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SyncRunner::land(const ServerJobOutcome& outcome)
{
    m_busy = false;
    m_account = 0;
    Q_EMIT finished(outcome);
}

} // namespace stackdeck::ui
