#pragma once

#include "inspectedenvelope.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <memory>
#include <set>

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ui {

class EndpointHost;
class EnvelopeListModel;

// The window's local DSN endpoint (issue #19): runs it in a thread of its own
// (an EndpointHost there owns the IngestEndpoint), keeps what the panel and
// the inspector show (state, DSNs, counters, the last envelopes, the last
// rejections) and tells the window when stored events should appear in its
// lists, at most once a second.
class EndpointController : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping };
    static constexpr int kKeptRejections = 200;

    explicit EndpointController(QObject* parent = nullptr);
    // Stops the endpoint (what it accepted is stored) and ends its thread.
    ~EndpointController() override;

    // The workspace the next start stores into. A running endpoint keeps its
    // own until it stops; a different workspace stops it.
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    bool hasSession() const { return m_session != nullptr; }
    const std::shared_ptr<store::WorkspaceSession>& session() const { return m_session; }
    void start(const EndpointSettings& settings);
    void stop();
    // A running endpoint relays the project's requests to `dsn` from now on (empty: no more).
    void setForward(const QString& project, const QString& dsn);
    const std::vector<ingest::ForwardStatus>& forwardStatus() const { return m_forwardStatus; }
    // Stops and blocks until the endpoint has stored and answered what it
    // received (or `timeoutMs` passed): for the window's close. No event loop
    // runs meanwhile; true when it stopped in time.
    bool shutdown(int timeoutMs = 60'000);

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    const EndpointInfo& info() const { return m_info; }
    QString errorString() const { return m_error; }
    const ingest::EndpointCounters& counters() const { return m_counters; }
    EnvelopeListModel* envelopes() const { return m_envelopes; }
    const QStringList& rejections() const { return m_rejections; } // newest last
    qint64 rejectionCount() const { return m_rejectionCount; }
    // Alerts: at most one per interval (default 10 s); what arrives meanwhile
    // goes into the next one, so a thousand events a second raise one a while.
    void setAlertInterval(std::chrono::milliseconds interval) { m_alertThrottle.setInterval(interval); }
    int alertsRaised() const { return m_alertsRaised; }

Q_SIGNALS:
    void stateChanged(stackdeck::ui::EndpointController::State state);
    void startFailed(const QString& error);
    void countersChanged(const stackdeck::ingest::EndpointCounters& counters);
    void rejectionsAdded(const QStringList& descriptions);
    // New events are stored: at most once a second, with what was stored since the last time.
    void stored(qint64 events, qint64 issuesCreated);
    void forwardingChanged(const std::vector<stackdeck::ingest::ForwardStatus>& status);
    // The endpoint's events brought back resolved or ignored issues
    // (regressions, as the triage defines them), or made new issues that an
    // alert search (a saved search marked notify, #17) matches: one summary,
    // plain text, for the window's notifier. Rate-limited (setAlertInterval).
    void alert(const QString& title, const QString& body);

private:
    void setState(State state);
    void onCommitted(qint64 events, qint64 issuesCreated);
    void flushStored();
    void onIssuesChanged(const QList<qint64>& created, const QList<qint64>& cameBack);
    void raiseAlert();
    QThread m_thread;
    EndpointHost* m_host;
    std::shared_ptr<store::WorkspaceSession> m_session;
    State m_state = State::Stopped;
    bool m_stopWhenStarted = false;
    EndpointInfo m_info;
    QString m_error;
    ingest::EndpointCounters m_counters;
    EnvelopeListModel* m_envelopes;
    QStringList m_rejections;
    qint64 m_rejectionCount = 0;
    QTimer m_storedThrottle;
    qint64 m_pendingEvents = 0;
    qint64 m_pendingIssues = 0;
    bool m_storedPending = false;
    std::vector<ingest::ForwardStatus> m_forwardStatus;
    QTimer m_alertThrottle;
    std::set<qint64> m_alertCreated;
    std::set<qint64> m_alertCameBack;
    bool m_alertRunning = false;
    int m_alertsRaised = 0;
};

} // namespace stackdeck::ui
