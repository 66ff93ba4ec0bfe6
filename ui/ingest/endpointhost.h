#pragma once

#include "inspectedenvelope.h"

#include <QObject>
#include <QSemaphore>

#include <memory>
#include <vector>

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ui {

// The local endpoint's side of the window's endpoint thread: lives in that
// thread (EndpointController moves it there), makes the IngestEndpoint there
// (its timer and server belong to the thread they are made in) and hands
// copies of what the endpoint reports back as queued signals. The GUI thread
// never touches the endpoint itself: it calls these slots through
// QMetaObject::invokeMethod.
class EndpointHost : public QObject {
    Q_OBJECT
public:
    explicit EndpointHost(QObject* parent = nullptr);
    ~EndpointHost() override;

    // Reads the workspace's projects (they all get a DSN; "default" when there
    // are none), makes the endpoint and starts it: started() or startFailed().
    void start(std::shared_ptr<store::WorkspaceSession> session, EndpointSettings settings);
    // Stops taking requests; what was received is stored and answered, then stopped().
    void stop();
    // As stop(), and releases `done` once the endpoint has stopped (at once when none runs):
    // the window waits on it when it closes, without running its own event loop.
    void stopAndRelease(std::shared_ptr<QSemaphore> done);
    // The project's requests go to `dsn` from now on (empty: not forwarded); a running endpoint only.
    void setForward(const QString& project, const QString& dsn);

Q_SIGNALS:
    void started(const stackdeck::ui::EndpointInfo& info);
    void startFailed(const QString& error);
    void stopped();
    void countersChanged(const stackdeck::ingest::EndpointCounters& counters);
    void envelopeReceived(const stackdeck::ui::InspectedEnvelope& envelope);
    void committed(qint64 events, qint64 issuesCreated, qint64 requests);
    void rejectionsAdded(const QStringList& descriptions);
    // Each forwarding project's queue and upstream state (throttled by the endpoint).
    void forwardingChanged(const std::vector<stackdeck::ingest::ForwardStatus>& status);
    void issuesChanged(const QList<qint64>& created, const QList<qint64>& cameBack);

private:
    void onStopped();
    ingest::IngestEndpoint* m_endpoint = nullptr;
    std::vector<std::shared_ptr<QSemaphore>> m_waiting;
};

} // namespace stackdeck::ui
