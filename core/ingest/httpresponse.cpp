#include "httpresponse.h"

#include <nlohmann/json.hpp>

namespace stackdeck::ingest {

const char* reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

HttpResponse HttpResponse::error(int status, const std::string& message)
{
    HttpResponse r;
    r.status = status;
    r.body = nlohmann::json {{"detail", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse HttpResponse::accepted(const std::string& eventId)
{
    HttpResponse r;
    r.body = eventId.empty() ? std::string("{}") : nlohmann::json {{"id", eventId}}.dump();
    return r;
}

QByteArray HttpResponse::serialize(bool keepAlive) const
{
    std::string out = "HTTP/1.1 " + std::to_string(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!body.empty() || status != 204)
        out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    out += body;
    return QByteArray(out.data(), static_cast<qsizetype>(out.size()));
}

} // namespace stackdeck::ingest
