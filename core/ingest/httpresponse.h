#pragma once

#include <QByteArray>

#include <string>
#include <utility>
#include <vector>

namespace stackdeck::ingest {

// An answer as written to the socket: status line, headers, Content-Length, body.
struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string contentType = "application/json";

    // {"detail": message}, as Sentry answers errors.
    static HttpResponse error(int status, const std::string& message);
    // {"id": eventId}, or {} without one.
    static HttpResponse accepted(const std::string& eventId);

    QByteArray serialize(bool keepAlive) const;
};

const char* reasonPhrase(int status);

} // namespace stackdeck::ingest
