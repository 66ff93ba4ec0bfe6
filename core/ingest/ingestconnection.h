#pragma once

#include "httprequestparser.h"
#include "httpresponse.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <chrono>

class QTcpSocket;

namespace stackdeck::ingest {

struct ConnectionTimeouts {
    std::chrono::milliseconds idle {60'000}; // keep-alive: waiting for the next request's first byte
    std::chrono::milliseconds head {10'000}; // first byte to the end of the request head
    std::chrono::milliseconds body {30'000}; // end of the head to the end of the body
};

// One client connection of the endpoint: reads requests one at a time
// through HttpRequestParser, with a deadline per phase (idle, head, body), so
// a slow client (slowloris) is cut off however it trickles its bytes. While
// a request is being answered nothing more is read: the socket's read buffer
// is bounded, so a pipelining client cannot make it hold more.
class IngestConnection : public QObject {
    Q_OBJECT
public:
    IngestConnection(QTcpSocket* socket, const HttpLimits& limits, const ConnectionTimeouts& timeouts, QObject* parent);
    ~IngestConnection() override;

    // Answers the request handed out by requestReady(); reading goes on after
    // it (keep-alive) or the connection closes once the answer is written.
    void reply(const HttpResponse& response, bool close = false);
    // Closes at once when no request is being answered; else after its answer.
    void closeWhenIdle();
    bool busy() const { return m_busy; }

Q_SIGNALS:
    void requestReady(const stackdeck::ingest::HttpRequest& request);
    void finished(); // the socket is closed; the connection deletes itself later

private:
    void readMore();
    void onTimeout();
    void setPhase();
    void fail(int status, const std::string& message);
    void shutdown();
    void halfCloseWhenWritten();
    void discardInput();
    void emitFinished();

    QTcpSocket* m_socket;
    HttpRequestParser m_parser;
    ConnectionTimeouts m_timeouts;
    QTimer m_timer;
    QByteArray m_leftover; // read past the end of the last request (a pipelined next one)
    bool m_busy = false; // a request is being answered
    bool m_closing = false;
    bool m_finished = false;
    bool m_halfClosed = false;
    qint64 m_discarded = 0; // read and dropped while closing
    bool m_keepAlive = true;
    enum class Phase { Idle, Head, Body, Answering } m_phase = Phase::Idle;
};

} // namespace stackdeck::ingest
