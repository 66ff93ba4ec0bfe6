#pragma once

#include "server/sentryclient.h"
#include "store/accounts.h"
#include "store/workspacesession.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace stackdeck::ui {

// How a sync or a push ended, for the accounts section and the outbox view.
struct ServerJobOutcome {
    bool push = false;
    std::int64_t account = 0; // the account synced (0 for a push of several)
    bool ok = false;
    bool cancelled = false;
    bool offline = false; // the server could not be reached
    QString message; // plain text: the summary or the client's actionable error
    std::int64_t conflicts = 0; // push: new conflicts
    // Sync: the one summary of the alert searches' new or regressed issues; empty: nothing to say.
    QString alertTitle;
    QString alertBody;
};

// Runs one sync (an account's pull) or one push (every account's outbox) at a
// time on a worker thread, which runs the client's event loop; reports
// progress and the end on the GUI thread. cancel() stops it at the next
// request; the destructor cancels and waits.
class SyncRunner : public QObject {
    Q_OBJECT
public:
    explicit SyncRunner(QObject* parent = nullptr);
    ~SyncRunner() override;

    // Waits in the client shrink to 1 ms (tests against the fake server).
    void setClientOptions(const server::ClientOptions& options) { m_client = options; }
    bool isBusy() const { return m_busy; }
    std::int64_t account() const { return m_account; }

    bool startSync(const std::shared_ptr<store::WorkspaceSession>& session, const store::ServerAccount& account);
    bool startPush(
        const std::shared_ptr<store::WorkspaceSession>& session, const std::vector<store::ServerAccount>& accounts);
    void cancel();

Q_SIGNALS:
    void started(const QString& what);
    void progress(const QString& text, int done, int total); // total 0: unknown
    void finished(const stackdeck::ui::ServerJobOutcome& outcome);

private:
    void land(const ServerJobOutcome& outcome);
    server::ClientOptions m_client;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFuture<void> m_future;
    bool m_busy = false;
    std::int64_t m_account = 0;
};

} // namespace stackdeck::ui

Q_DECLARE_METATYPE(stackdeck::ui::ServerJobOutcome)
