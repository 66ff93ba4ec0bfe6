#include "sentryclient.h"

#include "apibody.h"
#include "linkheader.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslError>
#include <QTimer>

#include <algorithm>

namespace stackdeck::server {

struct SentryClient::Pending {
    QByteArray verb; // GET, PUT, POST
    QUrl url;
    QString path; // for messages
    QByteArray body;
    bool idempotent = true; // false: a lost answer is not retried (the caller checks the server first)
    Callback done;
    int attempts = 0; // sends so far
    int rateLimitWaits = 0;
    int redirects = 0;
    QByteArray received;
    bool tooLarge = false;
    QStringList sslErrors;
};

QString originOf(const QUrl& url)
{
    return url.scheme().toLower() + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':')
        + QString::number(url.port(url.scheme() == QLatin1String("http") ? 80 : 443));
}

SentryClient::SentryClient(const QUrl& baseUrl, QByteArray token, ClientOptions options, QObject* parent)
    : QObject(parent)
    , m_base(baseUrl.adjusted(QUrl::StripTrailingSlash))
    , m_token(std::move(token))
    , m_options(std::move(options))
{
    m_allowedOrigins.insert(originOf(m_base));
    // Redirects are followed by hand, only to allowed hosts (the token goes along).
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_nam.setStrictTransportSecurityEnabled(true);
}

SentryClient::~SentryClient()
{
    // No callbacks from a client being destroyed: their owners may be going too.
    m_queue.clear();
    const auto replies = m_replies;
    for (QNetworkReply* r : replies) {
        r->disconnect(this);
        r->abort();
    }
}

bool SentryClient::allowRegion(const QUrl& region, QString* why)
{
    if (!region.isValid() || region.host().isEmpty()) {
        if (why)
            *why = QStringLiteral("the region URL is not a URL");
        return false;
    }
    const QString host = region.host().toLower();
    const QString baseHost = m_base.host().toLower();
    const bool sameOrSub = host == baseHost || host.endsWith(QLatin1Char('.') + baseHost);
    if (!sameOrSub || region.scheme().toLower() != m_base.scheme().toLower()) {
        if (why)
            *why = QStringLiteral("the server named region host %1, which is not %2 or one of its subdomains: the "
                                  "token is not sent there")
                       .arg(host, baseHost);
        return false;
    }
    m_allowedOrigins.insert(originOf(region));
    return true;
}

bool SentryClient::isAllowed(const QUrl& url) const
{
    return url.isValid() && m_allowedOrigins.contains(originOf(url));
}

QUrl SentryClient::endpoint(const QUrl& host, const QString& path, const QUrlQuery& query) const
{
    QUrl url = host.isValid() && !host.isEmpty() ? host.adjusted(QUrl::StripTrailingSlash) : m_base;
    url.setPath(url.path() + QStringLiteral("/api/0/") + path);
    url.setQuery(query);
    return url;
}

void SentryClient::get(const QUrl& host, const QString& path, const QUrlQuery& query, Callback done)
{
    auto p = std::make_shared<Pending>();
    p->verb = "GET";
    p->url = endpoint(host, path, query);
    p->path = path;
    p->done = std::move(done);
    enqueue(std::move(p));
}

void SentryClient::put(const QUrl& host, const QString& path, const QUrlQuery& query, const nlohmann::json& body,
    Callback done, bool idempotent)
{
    auto p = std::make_shared<Pending>();
    p->verb = "PUT";
    p->idempotent = idempotent;
    p->url = endpoint(host, path, query);
    p->path = path;
    p->body = QByteArray::fromStdString(body.dump());
    p->done = std::move(done);
    enqueue(std::move(p));
}

void SentryClient::post(const QUrl& host, const QString& path, const nlohmann::json& body, Callback done)
{
    auto p = std::make_shared<Pending>();
    p->verb = "POST";
    p->idempotent = false;
    p->url = endpoint(host, path, {});
    p->path = path;
    p->body = QByteArray::fromStdString(body.dump());
    p->done = std::move(done);
    enqueue(std::move(p));
}

void SentryClient::enqueue(std::shared_ptr<Pending> p)
{
    m_queue.push_back(std::move(p));
    pump();
}

void SentryClient::pump()
{
    while (m_inFlight < std::max(1, m_options.maxConcurrent) && !m_queue.empty()) {
        auto p = std::move(m_queue.front());
        m_queue.pop_front();
        start(p);
    }
}

void SentryClient::start(const std::shared_ptr<Pending>& p)
{
    if (!isAllowed(p->url)) {
        complete(p,
            {ApiError {ApiErrorKind::HostRefused, 0,
                 QStringLiteral("refused to send the token to %1: not the account's host").arg(p->url.host())},
                {}});
        return;
    }
    QNetworkRequest request(p->url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("Stackdeck/" STACKDECK_VERSION));
    request.setTransferTimeout(m_options.transferTimeoutMs);
    if (!p->body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    p->received.clear();
    p->tooLarge = false;
    p->sslErrors.clear();
    ++p->attempts;
    ++m_stats.requests;
    ++m_inFlight;
    QNetworkReply* reply = p->verb == "GET" ? m_nam.get(request) : m_nam.sendCustomRequest(request, p->verb, p->body);
    m_replies.insert(reply);
    connect(reply, &QNetworkReply::readyRead, this, [this, p, reply] {
        if (p->tooLarge)
            return;
        p->received += reply->readAll();
        if (p->received.size() > m_options.maxBodyBytes) {
            p->tooLarge = true;
            reply->abort();
        }
    });
    // TLS errors are recorded and never ignored: the handshake fails.
    connect(reply, &QNetworkReply::sslErrors, this, [p](const QList<QSslError>& errors) {
        for (const auto& e : errors)
            p->sslErrors << e.errorString();
    });
    connect(reply, &QNetworkReply::finished, this, [this, p, reply] { finished(p, reply); });
}

void SentryClient::finished(const std::shared_ptr<Pending>& p, QNetworkReply* reply)
{
    --m_inFlight;
    m_replies.remove(reply);
    reply->deleteLater();
    if (!p->tooLarge)
        p->received += reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::OperationCanceledError && !p->tooLarge) {
        complete(p, {ApiError {ApiErrorKind::Cancelled, 0, QStringLiteral("cancelled")}, {}});
        return;
    }
    if (p->tooLarge) {
        complete(p,
            {ApiError {ApiErrorKind::BadBody, status,
                 QStringLiteral("the answer to %1 is larger than %2 MiB: refused")
                     .arg(p->path)
                     .arg(m_options.maxBodyBytes >> 20)},
                {}});
        return;
    }
    if (reply->error() == QNetworkReply::SslHandshakeFailedError || !p->sslErrors.isEmpty()) {
        complete(p,
            {ApiError {ApiErrorKind::Tls, 0,
                 QStringLiteral("TLS failed with %1: %2. For a self-hosted server with its own CA, add the CA to the "
                                "system's trust store (or SSL_CERT_FILE).")
                     .arg(p->url.host(), p->sslErrors.isEmpty() ? reply->errorString() : p->sslErrors.join(u"; "))},
                {}});
        return;
    }
    if (status >= 300 && status < 400) {
        const QUrl target = p->url.resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        if (!isAllowed(target) || p->redirects >= 3) {
            complete(p,
                {ApiError {ApiErrorKind::HostRefused, status,
                     QStringLiteral("%1 redirected to %2: not followed (the token only goes to the account's host; "
                                    "check the base URL)")
                         .arg(p->path, target.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo))},
                    {}});
            return;
        }
        ++p->redirects;
        --p->attempts;
        p->url = target;
        enqueue(p);
        return;
    }
    ApiError error;
    int waitMs = 0;
    if (retryable(p, reply, status, error, waitMs)) {
        retryLater(p, waitMs);
        return;
    }
    if (status >= 200 && status < 300 && error.message.isEmpty()) {
        complete(p, success(p, reply, status));
        return;
    }
    complete(p, {error, {}});
}

// Decides whether the answer is retried; when not, `error` is the final
// error (empty message: a success to decode).
bool SentryClient::retryable(
    const std::shared_ptr<Pending>& p, QNetworkReply* reply, int status, ApiError& error, int& waitMs)
{
    const bool attemptsLeft = p->attempts < m_options.maxAttempts;
    if (status == 429) {
        ++m_stats.rateLimited;
        error = {ApiErrorKind::RateLimited, 429,
            QStringLiteral("rate limited on %1 after %2 waits: %3")
                .arg(p->path)
                .arg(p->rateLimitWaits)
                .arg(serverDetail(p->received))};
        if (p->rateLimitWaits >= m_options.maxRateLimitWaits)
            return false;
        ++p->rateLimitWaits;
        --p->attempts; // waiting out a limit is not a failed attempt
        waitMs = rateLimitWaitMs(reply, p->rateLimitWaits);
        return true;
    }
    if (status >= 500) {
        error = httpError(status, p->path, p->received, {});
        waitMs = backoffMs(p->attempts);
        return attemptsLeft && p->idempotent;
    }
    if (status >= 400) {
        error = httpError(status, p->path, p->received, reply->rawHeader("WWW-Authenticate"));
        return false;
    }
    // Dropped connections, timeouts, a body cut short: on a 2xx too (Qt sets both).
    if (reply->error() != QNetworkReply::NoError || status == 0) {
        error = {ApiErrorKind::Network, status,
            QStringLiteral("%1 on %2 failed after %3 attempts: %4")
                .arg(QString::fromLatin1(p->verb), p->path)
                .arg(p->attempts)
                .arg(reply->errorString())};
        waitMs = backoffMs(p->attempts);
        return attemptsLeft && p->idempotent;
    }
    if (!parseBody(p->received, m_options.maxJsonDepth)) {
        error = {ApiErrorKind::BadBody, status,
            QStringLiteral("the answer to %1 is not JSON (cut short, or not the Sentry API: check the base URL)")
                .arg(p->path)};
        waitMs = backoffMs(p->attempts);
        return attemptsLeft && p->idempotent; // a POST may have been applied: the caller checks first
    }
    return false;
}

void SentryClient::retryLater(const std::shared_ptr<Pending>& p, int waitMs)
{
    ++m_stats.retries;
    m_stats.waitedMs += waitMs;
    const int actual = m_options.delayFilter ? std::max(0, m_options.delayFilter(waitMs)) : waitMs;
    QTimer::singleShot(actual, this, [this, p] { enqueue(p); });
}

ApiResult SentryClient::success(const std::shared_ptr<Pending>& p, QNetworkReply* reply, int status)
{
    ApiResult result;
    result.response.status = status;
    result.response.json = *parseBody(p->received, m_options.maxJsonDepth);
    result.response.raw = std::move(p->received);
    if (reply->hasRawHeader("X-Sentry-Rate-Limit-Limit") || reply->hasRawHeader("X-Sentry-Rate-Limit-Remaining"))
        ++m_stats.rateLimitHeaders;
    if (const auto next = nextPage(parseLinkHeader(reply->rawHeader("Link")))) {
        // The next page is asked for with the cursor on our own URL; a Link
        // naming another host is refused all the same (docs/sentry-api.md §4).
        const QUrl linked = p->url.resolved(QUrl(next->url));
        if (!next->url.isEmpty() && !isAllowed(linked)) {
            result.error = ApiError {ApiErrorKind::HostRefused, status,
                QStringLiteral("the next page of %1 is on %2: not followed").arg(p->path, linked.host())};
            return result;
        }
        result.response.nextCursor = next->cursor;
    }
    return result;
}

void SentryClient::complete(const std::shared_ptr<Pending>& p, ApiResult result)
{
    if (result.error) {
        ++m_stats.failures;
        result.error->message = scrub(result.error->message);
    }
    auto done = std::move(p->done);
    p->done = nullptr;
    pump();
    if (done)
        done(std::move(result));
}

int SentryClient::backoffMs(int attempt) const
{
    const qint64 full = std::min<qint64>(
        m_options.maxDelayMs, static_cast<qint64>(m_options.baseDelayMs) << std::min(attempt - 1, 20));
    // Equal jitter: half fixed, half random, so retries of many requests spread out.
    const qint64 half = full / 2;
    return static_cast<int>(half + (half > 0 ? QRandomGenerator::global()->bounded(half + 1) : 0));
}

int SentryClient::rateLimitWaitMs(QNetworkReply* reply, int attempt) const
{
    const QByteArray retryAfter = reply->rawHeader("Retry-After").trimmed();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    qint64 wait = -1;
    if (!retryAfter.isEmpty()) {
        bool isNumber = false;
        const qint64 seconds = retryAfter.toLongLong(&isNumber);
        if (isNumber)
            wait = seconds * 1000;
        else if (const auto at = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date); at.isValid())
            wait = at.toMSecsSinceEpoch() - nowMs;
    }
    if (wait < 0) {
        bool isNumber = false;
        const qint64 reset = reply->rawHeader("X-Sentry-Rate-Limit-Reset").trimmed().toLongLong(&isNumber);
        if (isNumber)
            wait = reset * 1000 - nowMs + 50; // the window restarts at that second
    }
    if (wait < 0)
        wait = backoffMs(attempt);
    return static_cast<int>(std::clamp<qint64>(wait, 0, m_options.maxRateLimitWaitMs));
}

QString SentryClient::scrub(QString text) const
{
    if (!m_token.isEmpty())
        text.replace(QString::fromUtf8(m_token), QStringLiteral("[token]"));
    return text;
}

void SentryClient::cancelAll()
{
    auto queued = std::move(m_queue);
    m_queue.clear();
    for (auto& p : queued)
        complete(p, {ApiError {ApiErrorKind::Cancelled, 0, QStringLiteral("cancelled")}, {}});
    const auto replies = m_replies;
    for (QNetworkReply* r : replies)
        r->abort();
}

} // namespace stackdeck::server
