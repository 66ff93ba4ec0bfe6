#include "ingestendpoint.h"

#include "sentryauth.h"
#include "store/sessionaccess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

namespace stackdeck::ingest {

namespace {

std::string lowerAscii(std::string s)
{
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

// "127.0.0.1:8000" -> ("127.0.0.1", "8000"); "[::1]:80" -> ("::1", "80"); no port -> "".
std::pair<std::string, std::string> splitHost(const std::string& host)
{
    if (!host.empty() && host.front() == '[') {
        const std::size_t close = host.find(']');
        if (close == std::string::npos)
            return {host, {}};
        std::string port = close + 1 < host.size() && host[close + 1] == ':' ? host.substr(close + 2) : std::string();
        return {host.substr(1, close - 1), port};
    }
    const std::size_t colon = host.rfind(':');
    if (colon == std::string::npos || host.find(':') != colon)
        return {host, {}};
    return {host.substr(0, colon), host.substr(colon + 1)};
}

} // namespace

IngestEndpoint::IngestEndpoint(
    std::shared_ptr<store::WorkspaceSession> session, EndpointOptions options, QObject* parent)
    : QObject(parent)
    , m_session(std::move(session))
    , m_options(std::move(options))
    , m_rate(m_options.rateLimit, m_options.rateBurst)
{
    qRegisterMetaType<EndpointCounters>();
    m_notify.setSingleShot(true);
    m_notify.setInterval(100);
    connect(&m_notify, &QTimer::timeout, this, [this] {
        Q_EMIT countersChanged(m_counters);
        if (std::exchange(m_envelopeChanged, false))
            Q_EMIT envelopeReceived();
        if (std::exchange(m_forwardChanged, false))
            Q_EMIT forwardingChanged();
    });
}

IngestEndpoint::~IngestEndpoint()
{
    // Everything accepted is still written; nobody is left to answer.
    m_pipeline.reset();
}

bool IngestEndpoint::start()
{
    if (isListening())
        return true;
    m_error.clear();
    auto keys = store::writeWithSession(
        m_session, "local endpoint", [&](sql::Database& db) -> Result<std::vector<store::IngestKey>> {
            std::vector<store::IngestKey> out;
            for (const std::string& project : m_options.projects)
                out.push_back(store::ensureIngestKey(db, project));
            return out;
        });
    if (!keys) {
        m_error = tr("could not make the DSN keys: %1").arg(QString::fromStdString(keys.error().message));
        return false;
    }
    m_keys = std::move(*keys);

    for (const store::IngestKey& key : m_keys) {
        const auto it = m_options.forwardDsns.find(key.project);
        const QString dsn = it != m_options.forwardDsns.end() ? it->second : m_options.forwardDsn;
        QString why;
        if (!dsn.isEmpty() && !setForward(key.project, dsn, &why)) {
            m_error = tr("cannot forward project %1: %2").arg(QString::fromStdString(key.project), why);
            return false;
        }
    }

    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(64);
    if (!m_server->listen(m_options.bindAddress, m_options.port)) {
        m_error = tr("could not listen on %1:%2: %3")
                      .arg(m_options.bindAddress.toString())
                      .arg(m_options.port)
                      .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, &IngestEndpoint::onNewConnection);

    PipelineOptions pipeline = m_options.pipeline;
    pipeline.maxDecodedBytes = m_options.maxDecodedBytes;
    const QString base = QStringLiteral("http://%1:%2").arg(address().toString()).arg(port());
    pipeline.sourceLocation = base.toStdString();
    pipeline.sourceLabel = tr("local endpoint").toStdString();
    pipeline.issuesChanged = [this](std::vector<std::int64_t> created, std::vector<std::int64_t> cameBack) {
        const QList<qint64> c(created.begin(), created.end());
        const QList<qint64> b(cameBack.begin(), cameBack.end());
        QMetaObject::invokeMethod(
            this, [this, c, b] { Q_EMIT issuesChanged(c, b); }, Qt::QueuedConnection);
    };
    m_pipeline = std::make_unique<IngestPipeline>(
        m_session, std::move(pipeline),
        [this](IngestOutcome outcome) {
            QMetaObject::invokeMethod(
                this, [this, o = std::move(outcome)] { onOutcome(o); }, Qt::QueuedConnection);
        },
        [this](const store::BatchCounts& counts, std::size_t requests) {
            const qint64 events = counts.inserted;
            const qint64 issues = counts.issuesCreated;
            const auto n = static_cast<qint64>(requests);
            QMetaObject::invokeMethod(
                this, [this, events, issues, n] { Q_EMIT committed(events, issues, n); }, Qt::QueuedConnection);
        });
    m_stopping = false;
    m_counters = {};
    Q_EMIT started(base);
    return true;
}

bool IngestEndpoint::isListening() const
{
    return m_server && m_server->isListening();
}

QHostAddress IngestEndpoint::address() const
{
    return m_server ? m_server->serverAddress() : m_options.bindAddress;
}

quint16 IngestEndpoint::port() const
{
    return m_server ? m_server->serverPort() : m_options.port;
}

bool IngestEndpoint::isLoopback() const
{
    return address().isLoopback();
}

QString IngestEndpoint::dsn(const std::string& project) const
{
    for (const store::IngestKey& key : m_keys) {
        if (key.project != project)
            continue;
        QHostAddress host = address();
        if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
            host = QHostAddress::LocalHost;
        else if (host == QHostAddress::AnyIPv6)
            host = QHostAddress::LocalHostIPv6;
        const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(host.toString())
            : host.toString();
        return QStringLiteral("http://%1@%2:%3/%4")
            .arg(QString::fromStdString(key.publicKey), hostText)
            .arg(port())
            .arg(key.projectId);
    }
    return {};
}

void IngestEndpoint::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket* socket = m_server->nextPendingConnection();
        if (m_stopping || m_connections.size() >= m_options.maxConnections) {
            socket->write(HttpResponse::error(503, "too many connections").serialize(false));
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            continue;
        }
        auto* connection = new IngestConnection(socket, m_options.http, m_options.timeouts, this);
        m_connections.insert(connection);
        connect(connection, &IngestConnection::requestReady, this,
            [this, connection](const HttpRequest& request) { handle(connection, request); });
        connect(connection, &IngestConnection::finished, this, [this, connection] {
            m_connections.remove(connection);
            connection->deleteLater();
            maybeFinishStop();
        });
    }
}

bool IngestEndpoint::hostAllowed(const HttpRequest& request) const
{
    const std::string* host = request.header("host");
    if (!host)
        return false;
    const std::string value = lowerAscii(*host);
    for (const QString& extra : m_options.extraHosts) {
        if (value == lowerAscii(extra.toStdString()))
            return true;
    }
    const auto [name, portText] = splitHost(value);
    if (portText != std::to_string(port()))
        return false;
    const QHostAddress bound = address();
    if (name == "localhost")
        return bound.isLoopback() || bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4
            || bound == QHostAddress::AnyIPv6;
    // Only an address, never a name: a name could be rebound to 127.0.0.1 by whoever owns it.
    const QHostAddress asked(QString::fromStdString(name));
    if (asked.isNull())
        return false;
    if (bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4 || bound == QHostAddress::AnyIPv6)
        return true;
    return asked.isEqual(bound, QHostAddress::TolerantConversion) || (bound.isLoopback() && asked.isLoopback());
}

bool IngestEndpoint::originAllowed(const std::string& origin) const
{
    for (const QString& allowed : m_options.allowedOrigins) {
        if (allowed == QLatin1String("*") || lowerAscii(allowed.toStdString()) == lowerAscii(origin))
            return true;
    }
    return false;
}

void IngestEndpoint::addCorsHeaders(HttpResponse& response, const std::string& origin) const
{
    if (origin.empty() || !originAllowed(origin))
        return;
    response.headers.emplace_back("Access-Control-Allow-Origin", origin);
    response.headers.emplace_back("Vary", "Origin");
    response.headers.emplace_back("Access-Control-Expose-Headers", "x-sentry-error, x-sentry-rate-limits, retry-after");
}

void IngestEndpoint::answer(IngestConnection* connection, HttpResponse response, bool close)
{
    if (response.status >= 400)
        ++m_counters.refused;
    if (response.status == 429)
        ++m_counters.rateLimited;
    notifySoon();
    connection->reply(response, close || m_stopping);
}

void IngestEndpoint::handle(IngestConnection* connection, const HttpRequest& request)
{
    ++m_counters.requests;
    const std::string* originHeader = request.header("origin");
    const std::string origin = originHeader ? *originHeader : std::string();
    if (!hostAllowed(request)) {
        answer(connection, HttpResponse::error(403, "this endpoint answers only to its own address in Host"), true);
        return;
    }
    if (!origin.empty() && !originAllowed(origin)) {
        answer(connection, HttpResponse::error(403, "Origin not allowed (CORS is off until an origin is allowed)"));
        return;
    }
    const auto api = parseApiPath(request.path);
    if (request.method == "OPTIONS") {
        if (origin.empty() || !api) {
            answer(connection, HttpResponse::error(403, "no CORS preflight here"));
            return;
        }
        HttpResponse preflight;
        preflight.status = 204;
        addCorsHeaders(preflight, origin);
        preflight.headers.emplace_back("Access-Control-Allow-Methods", "POST, OPTIONS");
        preflight.headers.emplace_back("Access-Control-Allow-Headers",
            "content-type, content-encoding, x-sentry-auth, authorization, sentry-trace, baggage");
        preflight.headers.emplace_back("Access-Control-Max-Age", "3600");
        answer(connection, preflight);
        return;
    }
    if (!api) {
        answer(connection, HttpResponse::error(404, "not found: POST /api/<project id>/envelope/ or /store/"));
        return;
    }
    if (request.method != "POST") {
        HttpResponse r = HttpResponse::error(405, "only POST");
        r.headers.emplace_back("Allow", "POST, OPTIONS");
        answer(connection, r);
        return;
    }
    const store::IngestKey* key = nullptr;
    for (const store::IngestKey& k : m_keys) {
        if (k.projectId == api->projectId)
            key = &k;
    }
    const auto sent = sentryKeyOf(request);
    if (!key || !sent || !sameKey(*sent, key->publicKey)) {
        HttpResponse r = HttpResponse::error(403, !sent ? "missing sentry_key" : "invalid project or key");
        addCorsHeaders(r, origin);
        answer(connection, r);
        return;
    }
    if (m_stopping || !m_pipeline) {
        answer(connection, HttpResponse::error(503, "the endpoint is stopping"), true);
        return;
    }
    if (!m_rate.take()) {
        HttpResponse r = HttpResponse::error(429, "over the endpoint's rate limit");
        r.headers.emplace_back("Retry-After", std::to_string(m_rate.retryAfterSeconds()));
        addCorsHeaders(r, origin);
        answer(connection, r);
        return;
    }
    IngestRequest item;
    item.id = m_nextId++;
    item.route = api->envelope ? IngestRoute::Envelope : IngestRoute::Store;
    item.project = key->project;
    const std::string* encoding = request.header("content-encoding");
    item.contentEncoding = encoding ? *encoding : std::string();
    item.label = request.method + ' ' + request.path + " #" + std::to_string(item.id);
    item.body = request.body;
    const quint64 id = item.id;
    if (!m_pipeline->submit(std::move(item))) {
        HttpResponse r = HttpResponse::error(429, "the endpoint is busy storing what it received");
        r.headers.emplace_back("Retry-After", "1");
        addCorsHeaders(r, origin);
        answer(connection, r);
        return;
    }
    m_waiting.insert(id, connection);
    Waiting info {origin, api->envelope ? "envelope" : "store", key->project, {}, {}};
    if (m_forwarders.count(key->project)) {
        info.body = request.body;
        info.contentEncoding = encoding ? *encoding : std::string();
    }
    m_waitingInfo.insert(id, std::move(info));
}

void IngestEndpoint::onOutcome(const IngestOutcome& outcome)
{
    const QPointer<IngestConnection> connection = m_waiting.take(outcome.id);
    const Waiting info = m_waitingInfo.take(outcome.id);
    if (outcome.status == 200) {
        if (const auto f = m_forwarders.find(info.project); f != m_forwarders.end() && !info.body.empty())
            f->second->enqueue(info.route == "envelope", info.body, info.contentEncoding);
        ++m_counters.accepted;
        m_counters.events += outcome.events;
        m_counters.rejectedItems += static_cast<qint64>(outcome.rejections.size());
        m_counters.skippedItems += outcome.skippedItems;
    }
    m_last.project = QString::fromStdString(info.project);
    m_last.route = QString::fromStdString(info.route);
    m_last.eventId = QString::fromStdString(outcome.eventId);
    m_last.status = outcome.status;
    m_last.items = outcome.items;
    m_last.rejections = outcome.rejections;
    m_last.body = outcome.decodedBody;
    m_last.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    if (m_received.size() >= kReceivedKept)
        m_received.pop_front();
    m_received.push_back(m_last);
    m_envelopeChanged = true;
    if (!outcome.rejections.empty()) {
        QStringList descriptions;
        for (const Rejection& r : outcome.rejections)
            descriptions << QString::fromStdString(r.location.describe() + ": " + r.error);
        Q_EMIT rejectionsAdded(descriptions);
    }
    if (connection) {
        HttpResponse response = outcome.status == 200 ? HttpResponse::accepted(outcome.eventId)
                                                      : HttpResponse::error(outcome.status, outcome.message);
        addCorsHeaders(response, info.origin);
        answer(connection, response, outcome.status == 413);
    } else {
        notifySoon();
    }
    maybeFinishStop();
}

const Forwarder* IngestEndpoint::forwarder(const std::string& project) const
{
    const std::string& which = project.empty() && !m_options.projects.empty() ? m_options.projects.front() : project;
    const auto it = m_forwarders.find(which);
    return it == m_forwarders.end() ? nullptr : it->second;
}

bool IngestEndpoint::setForward(const std::string& project, const QString& dsn, QString* why)
{
    std::optional<UpstreamDsn> upstream;
    if (!dsn.trimmed().isEmpty()) {
        upstream = UpstreamDsn::parse(dsn, why);
        if (!upstream)
            return false;
    }
    if (const auto old = m_forwarders.find(project); old != m_forwarders.end()) {
        delete old->second; // a request it was sending stays queued and goes to the new upstream
        m_forwarders.erase(old);
    }
    if (upstream) {
        const auto key = std::find_if(
            m_keys.begin(), m_keys.end(), [&](const store::IngestKey& k) { return k.project == project; });
        const QString root = !m_options.forwardQueueDir.isEmpty()
            ? m_options.forwardQueueDir
            : QString::fromStdString(m_session->path()) + QStringLiteral("-forward");
        // One queue per project, so one upstream being down holds back no other project's.
        ForwarderOptions forward;
        forward.queueDir = QDir(root).filePath(
            key != m_keys.end() ? QString::number(key->projectId) : QString::fromStdString(project));
        // Before queues were per project, one served project's requests waited in the root: they are its.
        if (!m_options.projects.empty() && project == m_options.projects.front()) {
            const QDir legacy(root, QStringLiteral("*.req"), QDir::Name, QDir::Files);
            if (!legacy.isEmpty() && QDir().mkpath(forward.queueDir)) {
                for (const QString& name : legacy.entryList())
                    QFile::rename(legacy.filePath(name), QDir(forward.queueDir).filePath(name));
            }
        }
        auto* forwarder = new Forwarder(std::move(*upstream), forward, this);
        connect(forwarder, &Forwarder::stateChanged, this, [this] {
            m_forwardChanged = true;
            notifySoon();
        });
        m_forwarders.emplace(project, forwarder);
    }
    m_forwardChanged = true;
    notifySoon();
    return true;
}

std::vector<ForwardStatus> IngestEndpoint::forwardStatus() const
{
    std::vector<ForwardStatus> out;
    for (const std::string& project : m_options.projects) {
        if (const Forwarder* f = forwarder(project)) {
            out.push_back(f->status());
            out.back().project = QString::fromStdString(project);
        }
    }
    return out;
}

std::vector<ReceivedEnvelope> IngestEndpoint::takeReceived()
{
    std::vector<ReceivedEnvelope> out(
        std::make_move_iterator(m_received.begin()), std::make_move_iterator(m_received.end()));
    m_received.clear();
    return out;
}

void IngestEndpoint::notifySoon()
{
    if (!m_notify.isActive())
        m_notify.start();
}

void IngestEndpoint::stop()
{
    if (!m_server || m_stopping)
        return;
    m_stopping = true;
    m_server->close();
    const auto connections = m_connections;
    for (IngestConnection* connection : connections)
        connection->closeWhenIdle();
    maybeFinishStop();
}

void IngestEndpoint::maybeFinishStop()
{
    if (!m_stopping || !m_waiting.isEmpty() || !m_server)
        return;
    m_pipeline.reset(); // nothing is pending: joins its threads
    if (!m_connections.isEmpty())
        return; // each closes once its answer is written
    delete m_server;
    m_server = nullptr;
    m_notify.stop();
    Q_EMIT countersChanged(m_counters);
    Q_EMIT stopped();
}

} // namespace stackdeck::ingest
