#include "endpointcontroller.h"

#include "common/futurewatch.h"
#include "endpointhost.h"
#include "envelopelistmodel.h"
#include "server/syncalerts.h"
#include "store/sessionaccess.h"
#include "store/workspacesession.h"

#include <QDateTime>
#include <QSemaphore>
#include <QtConcurrent>

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

    connect(m_host, &EndpointHost::issuesChanged, this, &EndpointController::onIssuesChanged);
    m_alertThrottle.setSingleShot(true);
    m_alertThrottle.setInterval(std::chrono::seconds(10));
    connect(&m_alertThrottle, &QTimer::timeout, this, &EndpointController::raiseAlert);

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
    m_alertCreated.clear(); // ids of the other workspace
    m_alertCameBack.clear();
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

void EndpointController::onIssuesChanged(const QList<qint64>& created, const QList<qint64>& cameBack)
{
    m_alertCreated.insert(created.begin(), created.end());
    m_alertCameBack.insert(cameBack.begin(), cameBack.end());
    // The first news after a quiet interval is told at once; later news waits for the interval's end.
    if (!m_alertThrottle.isActive() && !m_alertRunning)
        raiseAlert();
}

void EndpointController::raiseAlert()
{
    if (m_alertRunning || (m_alertCreated.empty() && m_alertCameBack.empty()) || !m_session)
        return;
    m_alertRunning = true;
    m_alertThrottle.start();
    std::vector<std::int64_t> created(m_alertCreated.begin(), m_alertCreated.end());
    std::vector<std::int64_t> cameBack(m_alertCameBack.begin(), m_alertCameBack.end());
    m_alertCreated.clear();
    m_alertCameBack.clear();
    // The alert searches are compiled and matched on a worker: the workspace may be large.
    auto future = QtConcurrent::run([session = m_session, created = std::move(created),
                                        cameBack = std::move(cameBack)]() -> std::pair<QString, QString> {
        auto alert = store::readWithSession(session, [&](sql::Database& db) -> Result<server::SyncAlert> {
            try {
                return server::endpointAlert(db, created, cameBack, QDateTime::currentMSecsSinceEpoch() * 1000);
            } catch (const std::exception& e) {
                return Error {std::string("alert searches: ") + e.what()};
            }
        });
        if (!alert || alert->empty())
            return {};
        return {alert->title(), alert->body()};
    });
    whenFinished(this, future, [this](const std::pair<QString, QString>& told) {
        m_alertRunning = false;
        if (!told.first.isEmpty()) {
            ++m_alertsRaised;
            Q_EMIT alert(told.first, told.second);
        }
        // What arrived while this one was read waits for the interval (or goes now if it is over).
        if (!m_alertThrottle.isActive())
            raiseAlert();
    });
}

} // namespace stackdeck::ui
