#include "endpointhost.h"

#include "store/ingestkeys.h"
#include "store/summaryqueries.h"
#include "store/workspacesession.h"

#include <set>

namespace stackdeck::ui {

namespace {

// Every project of the workspace gets a DSN, and so does every project that
// already has a key; an empty workspace serves "default".
std::vector<std::string> servedProjects(store::WorkspaceSession& session, QString* error)
{
    std::vector<std::string> out;
    auto reader = session.reader();
    if (!reader) {
        *error = QString::fromStdString(reader.error().message);
        return out;
    }
    try {
        std::set<std::string> seen;
        for (const auto& p : store::listProjects(reader->db())) {
            if (seen.insert(p.name).second)
                out.push_back(p.name);
        }
        for (const auto& k : store::ingestKeys(reader->db())) {
            if (seen.insert(k.project).second)
                out.push_back(k.project);
        }
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return {};
    }
    if (out.empty())
        out.emplace_back("default");
    return out;
}

} // namespace

EndpointHost::EndpointHost(QObject* parent)
    : QObject(parent)
{
}

EndpointHost::~EndpointHost()
{
    // A window closed without waiting: the endpoint's destructor still stores what it accepted.
    delete m_endpoint;
    for (const auto& done : m_waiting)
        done->release();
}

void EndpointHost::start(std::shared_ptr<store::WorkspaceSession> session, EndpointSettings settings)
{
    if (m_endpoint) {
        Q_EMIT startFailed(tr("the endpoint is still running"));
        return;
    }
    if (!session) {
        Q_EMIT startFailed(tr("no workspace is open"));
        return;
    }
    QString error;
    ingest::EndpointOptions options;
    options.projects = servedProjects(*session, &error);
    if (!error.isEmpty()) {
        Q_EMIT startFailed(tr("could not read the workspace's projects: %1").arg(error));
        return;
    }
    options.bindAddress = settings.bindAddress;
    options.port = settings.port;
    options.allowedOrigins = settings.allowedOrigins;
    options.forwardDsns = settings.forwardDsns;
    auto* endpoint = new ingest::IngestEndpoint(std::move(session), options, this);
    if (!endpoint->start()) {
        const QString why = endpoint->errorString();
        delete endpoint;
        Q_EMIT startFailed(why);
        return;
    }
    m_endpoint = endpoint;
    connect(endpoint, &ingest::IngestEndpoint::countersChanged, this, &EndpointHost::countersChanged);
    connect(endpoint, &ingest::IngestEndpoint::committed, this, &EndpointHost::committed);
    connect(endpoint, &ingest::IngestEndpoint::rejectionsAdded, this, &EndpointHost::rejectionsAdded);
    connect(endpoint, &ingest::IngestEndpoint::forwardingChanged, this, [this] {
        if (m_endpoint)
            Q_EMIT forwardingChanged(m_endpoint->forwardStatus());
    });
    connect(endpoint, &ingest::IngestEndpoint::issuesChanged, this, &EndpointHost::issuesChanged);
    // Every envelope since the last signal (the signal is throttled), taken here, in the endpoint's thread.
    connect(endpoint, &ingest::IngestEndpoint::envelopeReceived, this, [this] {
        if (!m_endpoint)
            return;
        for (ingest::ReceivedEnvelope& received : m_endpoint->takeReceived()) {
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(received.receivedAtMs);
            Q_EMIT envelopeReceived(InspectedEnvelope {at, std::move(received)});
        }
    });
    connect(endpoint, &ingest::IngestEndpoint::stopped, this, &EndpointHost::onStopped);

    EndpointInfo info;
    info.address = endpoint->address().toString();
    info.port = endpoint->port();
    info.loopback = endpoint->isLoopback();
    info.baseUrl = QStringLiteral("http://%1:%2").arg(info.address).arg(info.port);
    for (const std::string& project : options.projects)
        info.dsns.push_back(ProjectDsn {QString::fromStdString(project), endpoint->dsn(project)});
    Q_EMIT started(info);
    Q_EMIT forwardingChanged(endpoint->forwardStatus());
}

void EndpointHost::setForward(const QString& project, const QString& dsn)
{
    if (m_endpoint && m_endpoint->setForward(project.toStdString(), dsn))
        Q_EMIT forwardingChanged(m_endpoint->forwardStatus());
}

void EndpointHost::stop()
{
    if (m_endpoint)
        m_endpoint->stop();
}

void EndpointHost::stopAndRelease(std::shared_ptr<QSemaphore> done)
{
    if (!m_endpoint) {
        done->release();
        return;
    }
    m_waiting.push_back(std::move(done));
    m_endpoint->stop();
}

void EndpointHost::onStopped()
{
    if (m_endpoint) {
        m_endpoint->deleteLater();
        m_endpoint = nullptr;
    }
    Q_EMIT stopped();
    for (const auto& done : std::exchange(m_waiting, {}))
        done->release();
}

} // namespace stackdeck::ui
