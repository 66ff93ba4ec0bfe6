#include "ingestconnection.h"

#include <QTcpSocket>

#include <limits>
#include <sys/socket.h>

namespace stackdeck::ingest {

namespace {
constexpr qint64 kReadChunk = 64 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr qint64 kMaxDiscardBytes = 4 << 20;
} // namespace

IngestConnection::IngestConnection(
    QTcpSocket* socket, const HttpLimits& limits, const ConnectionTimeouts& timeouts, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_parser(limits)
    , m_timeouts(timeouts)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadChunk);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IngestConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &IngestConnection::readMore);
    connect(m_socket, &QTcpSocket::disconnected, this, &IngestConnection::shutdown);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError || !m_busy)
            shutdown();
    });
    setPhase();
    readMore();
}

IngestConnection::~IngestConnection() = default;

void IngestConnection::setPhase()
{
    Phase phase = Phase::Answering;
    if (!m_busy) {
        switch (m_parser.state()) {
        case HttpRequestParser::State::Idle:
            phase = Phase::Idle;
            break;
        case HttpRequestParser::State::Head:
            phase = Phase::Head;
            break;
        default:
            phase = Phase::Body;
            break;
        }
    }
    if (phase == m_phase && m_timer.isActive())
        return;
    m_phase = phase;
    switch (phase) {
    case Phase::Idle:
        m_timer.start(m_timeouts.idle);
        break;
    case Phase::Head:
        m_timer.start(m_timeouts.head);
        break;
    case Phase::Body:
        m_timer.start(m_timeouts.body);
        break;
    case Phase::Answering:
        m_timer.stop(); // our own work: no deadline for the client
        break;
    }
}

void IngestConnection::readMore()
{
    if (m_closing) {
        discardInput();
        return;
    }
    while (!m_busy && !m_closing) {
        QByteArray data;
        if (!m_leftover.isEmpty())
            data = std::exchange(m_leftover, {});
        else
            data = m_socket->read(kReadChunk);
        if (data.isEmpty())
            break;
        const std::size_t used
            = m_parser.feed(std::string_view(data.constData(), static_cast<std::size_t>(data.size())));
        if (used < static_cast<std::size_t>(data.size()))
            m_leftover = data.mid(static_cast<qsizetype>(used));
        if (m_parser.state() == HttpRequestParser::State::Failed) {
            fail(m_parser.errorStatus(), m_parser.errorMessage());
            return;
        }
        if (m_parser.state() == HttpRequestParser::State::Complete) {
            m_busy = true;
            setPhase();
            const HttpRequest request = m_parser.takeRequest();
            m_keepAlive = request.keepAlive;
            Q_EMIT requestReady(request);
            return;
        }
    }
    setPhase();
}

void IngestConnection::reply(const HttpResponse& response, bool close)
{
    if (m_closing && m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    const bool keepAlive = m_keepAlive && !close && !m_closing;
    m_socket->write(response.serialize(keepAlive));
    m_busy = false;
    if (!keepAlive) {
        shutdown();
        return;
    }
    setPhase();
    readMore();
}

void IngestConnection::fail(int status, const std::string& message)
{
    m_busy = true; // nothing more is read
    m_socket->write(HttpResponse::error(status, message).serialize(false));
    shutdown();
}

void IngestConnection::onTimeout()
{
    if (m_phase == Phase::Head || m_phase == Phase::Body)
        fail(408, m_phase == Phase::Head ? "the request head took too long" : "the request body took too long");
    else if (m_phase == Phase::Idle)
        shutdown();
}

void IngestConnection::closeWhenIdle()
{
    if (m_busy) {
        m_keepAlive = false; // closes after the answer
        return;
    }
    shutdown();
}

void IngestConnection::shutdown()
{
    if (m_closing)
        return;
    m_closing = true;
    m_timer.stop();
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_socket->abort();
        emitFinished();
        return;
    }
    // A lingering close: the answer goes out, then our side is shut for
    // writing while what the client still sends is read and dropped. Closing
    // with unread bytes would make the kernel send a reset, and a client still
    // sending its body (a 413 answered before the body) would lose the answer.
    connect(m_socket, &QTcpSocket::disconnected, this, &IngestConnection::emitFinished);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &IngestConnection::halfCloseWhenWritten);
    m_socket->flush();
    halfCloseWhenWritten();
    QTimer::singleShot(kLingerTime, this, [this] {
        m_socket->abort();
        emitFinished();
    });
}

void IngestConnection::halfCloseWhenWritten()
{
    if (m_halfClosed || m_socket->bytesToWrite() > 0 || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_halfClosed = true;
    ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
}

void IngestConnection::discardInput()
{
    m_discarded += m_socket->skip(std::numeric_limits<qint64>::max());
    if (m_discarded > kMaxDiscardBytes) {
        m_socket->abort();
        emitFinished();
    }
}

void IngestConnection::emitFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace stackdeck::ingest
