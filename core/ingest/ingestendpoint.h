#pragma once

#include "forwarder.h"
#include "httprequest.h"
#include "httprequestparser.h"
#include "ingestconnection.h"
#include "ingestpipeline.h"
#include "ratelimiter.h"
#include "store/ingestkeys.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

class QTcpServer;

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ingest {

struct EndpointOptions {
    // 127.0.0.1 unless the user asks for another interface (a warning is theirs to show: see isLoopback()).
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0: a free port
    std::vector<std::string> projects {"default"}; // workspace projects served; keys made when missing
    HttpLimits http; // head size, header count, body size as sent (413 over it)
    std::int64_t maxDecodedBytes = std::int64_t {100} << 20; // 413 over it
    ConnectionTimeouts timeouts;
    int maxConnections = 256; // more are answered 503 and closed
    double rateLimit = 0; // requests per second over all projects; 0 = no limit (429 + Retry-After over it)
    double rateBurst = 0; // 0: one second's worth
    // CORS: origins allowed to POST (browser SDKs); "*" allows any. Empty: no
    // preflight succeeds and a request with an Origin header is refused.
    QStringList allowedOrigins;
    // Host header values accepted besides the listening address (DNS rebinding: a name is refused unless listed).
    QStringList extraHosts;
    PipelineOptions pipeline; // threads, in-flight budget, group commit size
    // Relay what is accepted to an upstream DSN as well (forwarder.h): forwardDsn for every
    // served project, forwardDsns per project (over forwardDsn); empty: no forwarding.
    QString forwardDsn;
    std::map<std::string, QString> forwardDsns;
    // Each project's queue is <forwardQueueDir>/<project id>; empty: "<workspace>-forward" beside the workspace.
    QString forwardQueueDir;
};

// Counters since start(), for a live view.
struct EndpointCounters {
    qint64 requests = 0; // requests framed (any route, any answer)
    qint64 accepted = 0; // answered 200 after their events were committed
    qint64 refused = 0; // answered 4xx/5xx
    qint64 events = 0; // event-like records committed (errors, transactions, segments, feedback)
    qint64 rejectedItems = 0; // items that failed inside accepted envelopes
    qint64 skippedItems = 0; // sessions, client reports and other items not interpreted (kept as received)
    qint64 rateLimited = 0; // 429s
};

// The envelope last received, for an inspector: its items, and its decoded bytes when at most 1 MiB.
struct ReceivedEnvelope {
    qint64 receivedAtMs = 0; // when it was answered (ms since the epoch)
    QString project;
    QString route; // "envelope" or "store"
    QString eventId;
    int status = 0;
    std::vector<ReceivedItem> items;
    std::vector<Rejection> rejections;
    std::shared_ptr<const std::string> body;
};

// The local DSN endpoint (issue #19): a small HTTP/1.1 server on QTcpServer
// taking what Sentry SDKs send (POST /api/<project id>/envelope/ and /store/)
// into the workspace, through the import's own steps (ingestpipeline.h).
//
// Answers as Sentry does: 200 {"id": ...} once the request's events are
// committed (durable before the answer: a request is answered after its
// group-commit transaction, so an SDK that got 200 never loses the event to
// a crash of Stackdeck; against power loss the workspace's WAL with
// synchronous=NORMAL applies, as for every write); 403 for a wrong key,
// unknown project, wrong Host (DNS rebinding) or an Origin not allowed; 413
// over a size limit (as sent or decompressed); 429 with Retry-After over the
// rate or while the in-flight budget is spent; 400 only when the envelope
// header or framing cannot be read. Items failing inside a well-framed
// envelope are rejections (counted, listed in lastEnvelope() and
// rejectionsAdded()) and the answer is 200.
//
// Lives in a thread with an event loop (the CLI's main thread; the window
// should give it a thread of its own): parsing runs there, decoding, grouping
// and writing on the pipeline's threads.
//
// For a window panel: started()/stopped(), countersChanged() at most every
// 100 ms, envelopeReceived() (lastEnvelope(), throttled the same way),
// committed() after each transaction (new issues can be loaded then), and
// rejectionsAdded().
class IngestEndpoint : public QObject {
    Q_OBJECT
public:
    IngestEndpoint(
        std::shared_ptr<store::WorkspaceSession> session, EndpointOptions options = {}, QObject* parent = nullptr);
    ~IngestEndpoint() override;

    // Makes the projects' keys, binds and listens. False with errorString() when it cannot.
    bool start();
    // Takes no more connections or requests; what was received completely is
    // stored and answered, then stopped() (connections closed).
    void stop();
    bool isListening() const;
    bool isStopping() const { return m_stopping; }

    QHostAddress address() const;
    quint16 port() const;
    bool isLoopback() const;
    QString errorString() const { return m_error; }
    // "http://KEY@127.0.0.1:PORT/ID" for each served project.
    QString dsn(const std::string& project) const;
    const std::vector<store::IngestKey>& keys() const { return m_keys; }

    EndpointCounters counters() const { return m_counters; }
    const ReceivedEnvelope& lastEnvelope() const { return m_last; }
    // Every envelope answered since the last call, oldest first: at most
    // kReceivedKept (the oldest are dropped beyond it). An inspector calls it on
    // envelopeReceived(), which is throttled, so no envelope is missed between two signals.
    std::vector<ReceivedEnvelope> takeReceived();
    static constexpr std::size_t kReceivedKept = 50;
    // The project's forwarder; null when it does not forward. Without a project: the first served project's.
    const Forwarder* forwarder(const std::string& project = {}) const;
    // Forwards the project's requests to `dsn` from now on (empty: stops forwarding it; its queue
    // stays on disk for the next upstream). False with `why` when `dsn` is not a DSN.
    bool setForward(const std::string& project, const QString& dsn, QString* why = nullptr);
    // One row per forwarding project, in the order served.
    std::vector<ForwardStatus> forwardStatus() const;

Q_SIGNALS:
    void started(const QString& baseUrl);
    void stopped();
    void countersChanged(const stackdeck::ingest::EndpointCounters& counters);
    void envelopeReceived();
    // After each commit: what it stored (new issues among it).
    void committed(qint64 events, qint64 issuesCreated, qint64 requests);
    // Items rejected inside accepted envelopes: where and why.
    void rejectionsAdded(const QStringList& descriptions);
    // The endpoint's commits created issues, or its triage re-evaluation
    // brought resolved or ignored issues back (regressed, escalating): ids,
    // ascending. For alerts; at most once per commit or re-evaluation.
    void issuesChanged(const QList<qint64>& created, const QList<qint64>& cameBack);
    // forwardStatus() changed (throttled like countersChanged()).
    void forwardingChanged();

private:
    void onNewConnection();
    void handle(IngestConnection* connection, const HttpRequest& request);
    void answer(IngestConnection* connection, HttpResponse response, bool close = false);
    void onOutcome(const IngestOutcome& outcome);
    bool hostAllowed(const HttpRequest& request) const;
    bool originAllowed(const std::string& origin) const;
    void addCorsHeaders(HttpResponse& response, const std::string& origin) const;
    void maybeFinishStop();
    void notifySoon();

    std::shared_ptr<store::WorkspaceSession> m_session;
    EndpointOptions m_options;
    QTcpServer* m_server = nullptr;
    std::map<std::string, Forwarder*> m_forwarders; // project -> its forwarder
    std::unique_ptr<IngestPipeline> m_pipeline;
    std::vector<store::IngestKey> m_keys;
    RateLimiter m_rate;
    QSet<IngestConnection*> m_connections;
    QHash<quint64, QPointer<IngestConnection>> m_waiting; // request id -> its connection
    struct Waiting {
        std::string origin;
        std::string route;
        std::string project;
        std::string body; // as sent, kept only when forwarding
        std::string contentEncoding;
    };
    QHash<quint64, Waiting> m_waitingInfo;
    quint64 m_nextId = 1;
    bool m_stopping = false;
    QString m_error;
    EndpointCounters m_counters;
    ReceivedEnvelope m_last;
    std::deque<ReceivedEnvelope> m_received; // since the last takeReceived()
    QTimer m_notify;
    bool m_envelopeChanged = false;
    bool m_forwardChanged = false;
};

} // namespace stackdeck::ingest

Q_DECLARE_METATYPE(stackdeck::ingest::EndpointCounters)
