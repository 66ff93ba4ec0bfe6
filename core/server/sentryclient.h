#pragma once

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

class QNetworkReply;

namespace stackdeck::server {

enum class ApiErrorKind {
    Unauthorized, // 401: token invalid, expired or revoked
    Forbidden, // 403: a scope is missing
    NotFound, // 404: organization, project or issue
    RateLimited, // 429 after every allowed wait
    ServerError, // 5xx after every retry
    Network, // connection refused, dropped, timed out, after every retry
    Tls, // certificate or handshake failure: never ignored
    BadBody, // not JSON, truncated, too deep or too big
    HostRefused, // a redirect, Link or region URL to a host the token must not go to
    ClientError, // any other 4xx (400 validation, 409, 410 ...)
    Cancelled,
};

struct ApiError {
    ApiErrorKind kind = ApiErrorKind::Network;
    int status = 0;
    QString message; // actionable, plain text, never holds the token
};

struct ApiResponse {
    int status = 0;
    nlohmann::json json; // null for an empty body (204)
    QByteArray raw; // the body as received
    QString nextCursor; // Link rel="next" with results="true"; empty: last page
};

struct ApiResult {
    std::optional<ApiError> error;
    ApiResponse response;
    bool ok() const { return !error.has_value(); }
};

struct ClientOptions {
    int maxConcurrent = 4; // requests in flight at once
    int maxAttempts = 6; // per request, for 5xx, network errors and bad bodies
    int maxRateLimitWaits = 12; // 429s a request may wait out
    int baseDelayMs = 500; // first backoff; doubles each retry, with jitter
    int maxDelayMs = 30000;
    int maxRateLimitWaitMs = 5 * 60 * 1000;
    qint64 maxBodyBytes = 64 << 20;
    int maxJsonDepth = 256;
    int transferTimeoutMs = 60000;
    // Every wait passes through here before it starts (tests shrink them);
    // empty: waits as computed.
    std::function<int(int computedMs)> delayFilter;
};

struct ClientStats {
    std::int64_t requests = 0; // sent, retries included
    std::int64_t retries = 0;
    std::int64_t rateLimited = 0; // 429 answers
    std::int64_t failures = 0; // requests that ended in an error
    std::int64_t waitedMs = 0; // computed waits (before delayFilter)
    std::int64_t rateLimitHeaders = 0; // answers carrying X-Sentry-Rate-Limit-* (self-hosted sends none)
};

// The Sentry REST client: Bearer auth, Link pagination cursors, bounded
// concurrency, 429 waits (Retry-After in seconds or as an HTTP date, else
// X-Sentry-Rate-Limit-Reset), capped exponential backoff with jitter for 5xx
// and network errors, strict TLS, bounded JSON parsing of untrusted bodies.
// The token is sent only to the base URL's host and to region hosts accepted
// by allowRegion(); redirects and Link URLs elsewhere are refused. Lives on
// the thread that creates it, which needs an event loop; callbacks run there.
class SentryClient : public QObject {
public:
    using Callback = std::function<void(ApiResult)>;

    SentryClient(const QUrl& baseUrl, QByteArray token, ClientOptions options = {}, QObject* parent = nullptr);
    ~SentryClient() override;

    const QUrl& baseUrl() const { return m_base; }
    // Accepts an organization's links.regionUrl when it is the base host or a
    // subdomain of it (sentry.io -> us.sentry.io), on the same scheme.
    bool allowRegion(const QUrl& region, QString* why = nullptr);
    bool isAllowed(const QUrl& url) const;

    // `path` below /api/0/ (for example "organizations/acme/issues/"), on
    // `host` (the base or an allowed region; invalid: the base).
    void get(const QUrl& host, const QString& path, const QUrlQuery& query, Callback done);
    // A PUT that is not idempotent (a merge) and every POST are sent once when
    // the answer may have been lost (5xx, dropped, cut short): the caller
    // checks whether the server applied it before sending it again. 429s are
    // waited out for all (the server did nothing).
    void put(const QUrl& host, const QString& path, const QUrlQuery& query, const nlohmann::json& body, Callback done,
        bool idempotent = true);
    void post(const QUrl& host, const QString& path, const nlohmann::json& body, Callback done);

    // Drops what is queued and aborts what is in flight; their callbacks get Cancelled.
    void cancelAll();
    const ClientStats& stats() const { return m_stats; }
    int inFlight() const { return m_inFlight; }

private:
    struct Pending;
    void enqueue(std::shared_ptr<Pending> p);
    void pump();
    void start(const std::shared_ptr<Pending>& p);
    void finished(const std::shared_ptr<Pending>& p, QNetworkReply* reply);
    bool retryable(const std::shared_ptr<Pending>& p, QNetworkReply* reply, int status, ApiError& error, int& waitMs);
    void retryLater(const std::shared_ptr<Pending>& p, int waitMs);
    void complete(const std::shared_ptr<Pending>& p, ApiResult result);
    ApiResult success(const std::shared_ptr<Pending>& p, QNetworkReply* reply, int status);
    int backoffMs(int attempt) const;
    int rateLimitWaitMs(QNetworkReply* reply, int attempt) const;
    QString scrub(QString text) const;
    QUrl endpoint(const QUrl& host, const QString& path, const QUrlQuery& query) const;

    QUrl m_base;
    QByteArray m_token;
    ClientOptions m_options;
    QNetworkAccessManager m_nam;
    QSet<QString> m_allowedOrigins; // scheme://host:port
    std::deque<std::shared_ptr<Pending>> m_queue;
    QSet<QNetworkReply*> m_replies;
    int m_inFlight = 0;
    ClientStats m_stats;
};

QString originOf(const QUrl& url);

} // namespace stackdeck::server
