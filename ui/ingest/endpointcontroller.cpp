#include "endpointcontroller.h"

#include "endpointhost.h"
#include "envelopelistmodel.h"
#include "store/workspacesession.h"

#include <QSemaphore>

namespace stackdeck::ui {

EndpointController::EndpointController(QObject* parent)
    : QObject(parent)
    , m_host(new EndpointHost)
    , m_envelopes(new EnvelopeListModel(this))
{
    qRegisterMetaType<ingest::EndpointCounters>();
    qRegisterMetaType<InspectedEnvelope>();
    qRegisterMetaType<EndpointInfo>();
    qRegisterMetaType<std::vector<ingest::ForwardStatus>>();
    m_thread.setObjectName(QStringLiteral("stackdeck-endpoint"));
    m_host->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_host, &QObject::deleteLater);

    connect(m_host, &EndpointHost::started, this, [this](const EndpointInfo& info) {
        m_info = info;
        m_error.clear();
        m_counters = {};
        setState(State::Running);
        Q_EMIT countersChanged(m_counters);
        if (std::exchange(m_stopWhenStarted, false))
            stop();
    });
    connect(m_host, &EndpointHost::startFailed, this, [this](const QString& error) {
        m_error = error;
        m_stopWhenStarted = false;
        setState(State::Stopped);
        Q_EMIT startFailed(error);
    });
    connect(m_host, &EndpointHost::stopped, this, [this] {
        flushStored();
        setState(State::Stopped);
    });
    connect(m_host, &EndpointHost::countersChanged, this, [this](const ingest::EndpointCounters& counters) {
        m_counters = counters;
        Q_EMIT countersChanged(counters);
    });
    connect(m_host, &EndpointHost::envelopeReceived, m_envelopes, &EnvelopeListModel::add);
    connect(m_host, &EndpointHost::forwardingChanged, this, [this](const std::vector<ingest::ForwardStatus>& status) {
        m_forwardStatus = status;
        Q_EMIT forwardingChanged(status);
    });
    connect(m_host, &EndpointHost::committed, this,
        [this](qint64 events, qint64 issues, qint64) { onCommitted(events, issues); });
    connect(m_host, &EndpointHost::rejectionsAdded, this, [this](const QStringList& descriptions) {
        m_rejectionCount += descriptions.size();
        m_rejections += descriptions;
        if (m_rejections.size() > kKeptRejections)
            m_rejections.remove(0, m_rejections.size() - kKeptRejections);
        Q_EMIT rejectionsAdded(descriptions);
    });

    // Throttle: the first commit after a quiet second refreshes at once, later ones once the second is over.
    m_storedThrottle.setSingleShot(true);
    m_storedThrottle.setInterval(1000);
    connect(&m_storedThrottle, &QTimer::timeout, this, [this] {
        if (m_storedPending)
            flushStored();
    });
    m_thread.start();
}

EndpointController::~EndpointController()
{
    shutdown();
    m_thread.quit();
    m_thread.wait();
}

void EndpointController::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    if (session == m_session)
        return;
    m_session = std::move(session);
    stop(); // it was storing into the other workspace
    m_envelopes->clear();
    m_rejections.clear();
    m_rejectionCount = 0;
    Q_EMIT stateChanged(m_state); // the start is possible now, or no longer
}

void EndpointController::start(const EndpointSettings& settings)
{
    if (m_state != State::Stopped)
        return;
    if (!m_session) {
        m_error = tr("Open a workspace first: the endpoint stores into it.");
        Q_EMIT startFailed(m_error);
        return;
    }
    m_error.clear();
    m_rejections.clear();
    m_rejectionCount = 0;
    setState(State::Starting);
    QMetaObject::invokeMethod(
        m_host, [host = m_host, session = m_session, settings] { host->start(session, settings); },
        Qt::QueuedConnection);
}

void EndpointController::setForward(const QString& project, const QString& dsn)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, project, dsn] { host->setForward(project, dsn); }, Qt::QueuedConnection);
}

void EndpointController::stop()
{
    if (m_state == State::Starting) {
        m_stopWhenStarted = true;
        return;
    }
    if (m_state != State::Running)
        return;
    setState(State::Stopping);
    QMetaObject::invokeMethod(m_host, &EndpointHost::stop, Qt::QueuedConnection);
}

bool EndpointController::shutdown(int timeoutMs)
{
    if (!m_thread.isRunning())
        return true;
    // Queued after a start still on its way, so that one is stopped too.
    auto done = std::make_shared<QSemaphore>();
    QMetaObject::invokeMethod(
        m_host, [host = m_host, done] { host->stopAndRelease(done); }, Qt::QueuedConnection);
    const bool inTime = done->tryAcquire(1, timeoutMs);
    if (!inTime)
        qWarning("stackdeck: the local endpoint did not stop within %d ms", timeoutMs);
    m_stopWhenStarted = false;
    if (m_state != State::Stopped)
        setState(State::Stopped);
    return inTime;
}

void EndpointController::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    if (state == State::Stopped)
        m_info = {};
    Q_EMIT stateChanged(state);
}

void EndpointController::onCommitted(qint64 events, qint64 issuesCreated)
{
    m_pendingEvents += events;
    m_pendingIssues += issuesCreated;
    m_storedPending = true;
    if (!m_storedThrottle.isActive())
        flushStored();
}

void EndpointController::flushStored()
{
    if (!m_storedPending)
        return;
    m_storedPending = false;
    const qint64 events = std::exchange(m_pendingEvents, 0);
    const qint64 issues = std::exchange(m_pendingIssues, 0);
    m_storedThrottle.start();
    Q_EMIT stored(events, issues);
}

} // namespace stackdeck::ui
