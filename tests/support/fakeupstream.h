#pragma once

// A Sentry upstream on 127.0.0.1 for the forwarding tests: it reads each
// request with the endpoint's own parser, keeps it and answers 200 "{}".

#include "ingest/httprequestparser.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace stackdeck::test {

class FakeUpstream : public QObject {
public:
    enum class Start {
        Listening, // accepts requests from the start
        Down, // its port is chosen but nobody listens on it until comeUp()
    };

    explicit FakeUpstream(Start start = Start::Listening)
    {
        if (!m_server.listen(QHostAddress::LocalHost))
            qFatal("FakeUpstream: cannot listen on 127.0.0.1");
        m_port = m_server.serverPort();
        if (start == Start::Down)
            m_server.close();
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                auto parser = std::make_shared<ingest::HttpRequestParser>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, parser] {
                    const QByteArray data = socket->readAll();
                    std::string_view rest(data.constData(), static_cast<std::size_t>(data.size()));
                    while (!rest.empty()) {
                        rest.remove_prefix(parser->feed(rest));
                        if (parser->state() != ingest::HttpRequestParser::State::Complete)
                            break;
                        received.push_back(parser->takeRequest());
                        socket->write(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
                    }
                });
            }
        });
    }

    // Starts listening on port() (for one made with Start::Down); false when the port is taken.
    bool comeUp() { return m_server.listen(QHostAddress::LocalHost, m_port); }
    quint16 port() const { return m_port; }

    // Every request in the order it was read.
    std::vector<ingest::HttpRequest> received;

private:
    QTcpServer m_server;
    quint16 m_port = 0;
};

} // namespace stackdeck::test
