#include "forwarder.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

namespace stackdeck::ingest {

namespace {

// A queued file: one header line "envelope|store <content-encoding>\n", then the body as sent.
QByteArray queuedBytes(bool envelope, const std::string& body, const std::string& contentEncoding)
{
    QByteArray out = envelope ? QByteArrayLiteral("envelope ") : QByteArrayLiteral("store ");
    out += QByteArray::fromStdString(contentEncoding);
    out += '\n';
    out += QByteArray(body.data(), static_cast<qsizetype>(body.size()));
    return out;
}

} // namespace

std::optional<UpstreamDsn> UpstreamDsn::parse(const QString& dsn, QString* why)
{
    auto fail = [why](const char* reason) -> std::optional<UpstreamDsn> {
        if (why)
            *why = QCoreApplication::translate("stackdeck::ingest::UpstreamDsn", reason);
        return std::nullopt;
    };
    const QString text = dsn.trimmed();
    if (text.isEmpty())
        return fail(QT_TRANSLATE_NOOP("stackdeck::ingest::UpstreamDsn", "the DSN is empty"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(QT_TRANSLATE_NOOP("stackdeck::ingest::UpstreamDsn", "not a URL"));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return fail(QT_TRANSLATE_NOOP("stackdeck::ingest::UpstreamDsn",
            "a DSN starts with https:// (or http://), like https://KEY@o1.ingest.sentry.io/42"));
    if (url.userName().isEmpty())
        return fail(QT_TRANSLATE_NOOP(
            "stackdeck::ingest::UpstreamDsn", "the DSN has no public key (the part before @: https://KEY@host/42)"));
    if (url.host().isEmpty())
        return fail(QT_TRANSLATE_NOOP("stackdeck::ingest::UpstreamDsn", "the DSN has no host"));
    if (url.hasQuery() || url.hasFragment())
        return fail(QT_TRANSLATE_NOOP("stackdeck::ingest::UpstreamDsn", "a DSN has no ?query or #fragment"));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    const QString project = path.mid(slash + 1);
    if (project.isEmpty())
        return fail(QT_TRANSLATE_NOOP("stackdeck::ingest::UpstreamDsn",
            "the DSN has no project id at the end of its path (https://KEY@host/42)"));
    bool numeric = false;
    project.toULongLong(&numeric);
    if (!numeric)
        return fail(QT_TRANSLATE_NOOP(
            "stackdeck::ingest::UpstreamDsn", "the DSN's project id (the end of its path) must be a number"));
    UpstreamDsn out;
    out.publicKey = url.userName();
    out.projectId = project;
    out.base = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    out.base.setPath(path.left(slash));
    return out;
}

QString UpstreamDsn::withoutKey() const
{
    QUrl url = base;
    url.setPath(base.path() + QLatin1Char('/') + projectId);
    return url.toString();
}

QUrl UpstreamDsn::endpoint(bool envelope) const
{
    QUrl url = base;
    url.setPath(base.path() + QStringLiteral("/api/") + projectId
        + (envelope ? QStringLiteral("/envelope/") : QStringLiteral("/store/")));
    return url;
}

Forwarder::Forwarder(UpstreamDsn upstream, ForwarderOptions options, QObject* parent)
    : QObject(parent)
    , m_upstream(std::move(upstream))
    , m_options(std::move(options))
    , m_dir(m_options.queueDir)
    , m_network(new QNetworkAccessManager(this))
{
    m_dir.mkpath(QStringLiteral("."));
    m_dir.setFilter(QDir::Files);
    m_dir.setNameFilters({QStringLiteral("*.req")});
    m_dir.setSorting(QDir::Name);
    m_sequence = static_cast<quint64>(QDateTime::currentMSecsSinceEpoch()) * 1000;
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &Forwarder::pump);
    // What a previous run could not deliver goes first.
    QTimer::singleShot(0, this, &Forwarder::pump);
}

Forwarder::~Forwarder() = default;

qint64 Forwarder::queued() const
{
    m_dir.refresh(); // QDir caches its listing
    return m_dir.entryList().size();
}

ForwardStatus Forwarder::status() const
{
    ForwardStatus out;
    out.upstream = m_upstream.withoutKey();
    out.queued = queued();
    out.forwarded = m_forwarded;
    out.dropped = m_dropped;
    out.failing = !m_lastError.isEmpty();
    out.lastError = m_lastError;
    out.nextRetryMs = m_retry.isActive() ? m_nextRetryMs : 0;
    return out;
}

void Forwarder::enqueue(bool envelope, const std::string& body, const std::string& contentEncoding)
{
    const QString name = QStringLiteral("%1.req").arg(++m_sequence, 20, 10, QLatin1Char('0'));
    QFile file(m_dir.filePath(name + QStringLiteral(".part")));
    if (!file.open(QIODevice::WriteOnly) || file.write(queuedBytes(envelope, body, contentEncoding)) < 0) {
        ++m_dropped;
        return;
    }
    file.close();
    // Complete files only: a crash in between leaves a .part nobody reads.
    QFile::rename(file.fileName(), m_dir.filePath(name));
    trimQueue();
    Q_EMIT stateChanged();
    if (!m_retry.isActive())
        pump();
}

void Forwarder::trimQueue()
{
    m_dir.refresh();
    const QFileInfoList files = m_dir.entryInfoList();
    qint64 total = 0;
    for (const QFileInfo& f : files)
        total += f.size();
    for (const QFileInfo& f : files) {
        if (total <= m_options.maxQueueBytes)
            break;
        total -= f.size();
        if (QFile::remove(f.filePath()))
            ++m_dropped;
    }
}

void Forwarder::pump()
{
    if (m_sending)
        return;
    m_dir.refresh();
    const QStringList files = m_dir.entryList();
    if (files.isEmpty())
        return;
    const QString path = m_dir.filePath(files.front());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QFile::remove(path);
        ++m_dropped;
        return;
    }
    const QByteArray bytes = file.readAll();
    const qsizetype eol = bytes.indexOf('\n');
    const QList<QByteArray> head = bytes.left(eol).split(' ');
    if (eol < 0 || head.isEmpty()) {
        QFile::remove(path);
        ++m_dropped;
        return;
    }
    QNetworkRequest request(m_upstream.endpoint(head.front() == "envelope"));
    request.setRawHeader("X-Sentry-Auth",
        "Sentry sentry_key=" + m_upstream.publicKey.toUtf8() + ", sentry_version=7, sentry_client=stackdeck-forward/1");
    request.setHeader(QNetworkRequest::ContentTypeHeader,
        head.front() == "envelope" ? QByteArrayLiteral("application/x-sentry-envelope")
                                   : QByteArrayLiteral("application/json"));
    if (head.size() > 1 && !head[1].isEmpty())
        request.setRawHeader("Content-Encoding", head[1]);
    request.setTransferTimeout(30000);
    m_sending = true;
    QNetworkReply* reply = m_network->post(request, bytes.mid(eol + 1));
    connect(reply, &QNetworkReply::finished, this, [this, reply, path] { onFinished(reply, path); });
}

void Forwarder::onFinished(QNetworkReply* reply, const QString& file)
{
    reply->deleteLater();
    m_sending = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool delivered = status >= 200 && status < 300;
    const bool refused = status >= 400 && status < 500 && status != 408 && status != 429;
    if (delivered || refused) {
        QFile::remove(file);
        ++(delivered ? m_forwarded : m_dropped);
        m_backoff = 0;
        m_lastError.clear();
        if (refused) // kept for the window: a wrong key or project upstream drops everything
            m_lastError = tr("the upstream refused a request (HTTP %1); it was dropped").arg(status);
        Q_EMIT stateChanged();
        pump();
        return;
    }
    // Unreachable, 429 or 5xx: keep it and try again later.
    int wait = m_backoff == 0 ? 1 : std::min(m_backoff * 2, m_options.maxBackoffSeconds);
    if (status == 429) {
        bool ok = false;
        const int retryAfter = reply->rawHeader("Retry-After").toInt(&ok);
        if (ok && retryAfter > 0)
            wait = std::min(retryAfter, m_options.maxBackoffSeconds);
    }
    m_backoff = wait;
    // The reply's URL has no key (it goes in X-Sentry-Auth), so its error text may be shown.
    m_lastError = status != 0 ? tr("HTTP %1 from the upstream").arg(status) : reply->errorString();
    m_nextRetryMs = QDateTime::currentMSecsSinceEpoch() + std::int64_t {wait} * 1000;
    m_retry.start(std::chrono::seconds(wait));
    Q_EMIT stateChanged();
}

} // namespace stackdeck::ingest
