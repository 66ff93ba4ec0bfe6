#pragma once

#include <QDir>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <cstdint>
#include <optional>
#include <string>

class QNetworkAccessManager;
class QNetworkReply;

namespace stackdeck::ingest {

// An upstream DSN: https://KEY@host[:port][/prefix]/PROJECT_ID.
struct UpstreamDsn {
    QUrl base; // scheme, host, port and path prefix, no key
    QString publicKey;
    QString projectId;

    // Nullopt when `dsn` is not one; `why` then says what is wrong with it
    // (never repeating the key, which is a credential).
    static std::optional<UpstreamDsn> parse(const QString& dsn, QString* why = nullptr);
    QUrl endpoint(bool envelope) const; // .../api/<id>/envelope/ or /store/
    // The DSN without its key, for display and the workspace: https://host/ID.
    QString withoutKey() const;
};

// One forwarder's state, for a window or the CLI's summary.
struct ForwardStatus {
    QString project;
    QString upstream; // the DSN without its key
    qint64 queued = 0; // requests waiting on disk
    qint64 forwarded = 0; // delivered (2xx) since start
    qint64 dropped = 0;
    bool failing = false; // the last attempt failed; retried at nextRetryMs
    QString lastError; // of the last failed attempt (no key in it)
    qint64 nextRetryMs = 0; // ms since the epoch; 0: none scheduled

    bool operator==(const ForwardStatus&) const = default;
};

struct ForwarderOptions {
    QString queueDir; // one file per request waiting for the upstream
    std::int64_t maxQueueBytes = std::int64_t {256} << 20; // over it the oldest are dropped (and counted)
    int maxBackoffSeconds = 60;
};

// Relays what the endpoint accepted to an upstream Sentry, unchanged but for
// the key (the body as the SDK sent it, compressed the same way), so a team
// keeps its real Sentry and has the local copy. Every request is written to
// the queue directory first and deleted once the upstream answered; while
// the upstream is unreachable or answers 429/5xx the queue waits (backoff up
// to a minute) and survives a restart, bounded by maxQueueBytes.
class Forwarder : public QObject {
    Q_OBJECT
public:
    Forwarder(UpstreamDsn upstream, ForwarderOptions options, QObject* parent = nullptr);
    ~Forwarder() override;

    void enqueue(bool envelope, const std::string& body, const std::string& contentEncoding);

    qint64 forwarded() const { return m_forwarded; }
    qint64 dropped() const { return m_dropped; } // over the queue bound, or refused by the upstream (4xx)
    qint64 queued() const; // files waiting
    const UpstreamDsn& upstream() const { return m_upstream; }
    ForwardStatus status() const;

Q_SIGNALS:
    // Something in status() changed: delivered, dropped, failed, queued.
    void stateChanged();

private:
    void pump();
    void onFinished(QNetworkReply* reply, const QString& file);
    void trimQueue();

    UpstreamDsn m_upstream;
    ForwarderOptions m_options;
    QDir m_dir;
    QNetworkAccessManager* m_network;
    QTimer m_retry;
    bool m_sending = false;
    int m_backoff = 0;
    quint64 m_sequence = 0;
    qint64 m_forwarded = 0;
    qint64 m_dropped = 0;
    QString m_lastError;
    qint64 m_nextRetryMs = 0;
};

} // namespace stackdeck::ingest
