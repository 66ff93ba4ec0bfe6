#pragma once

#include "httprequest.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stackdeck::ingest {

// What one request may cost before it is refused: the whole request head is
// buffered (bounded by maxHeaderBytes), the body up to maxBodyBytes as sent.
struct HttpLimits {
    std::size_t maxHeaderBytes = 32 * 1024; // request line, headers and chunked trailers together
    std::size_t maxHeaders = 100;
    std::int64_t maxBodyBytes = std::int64_t {20} << 20; // as sent, before decompression
    std::size_t maxChunkLineBytes = 256; // "1a2b;ext=..." lines of a chunked body
};

// Frames HTTP/1.1 requests from a byte stream, a pure value-level unit (no
// sockets): request line, headers, a Content-Length or chunked body, keep-alive.
// Strict where leniency would let a client smuggle a second request or make
// the server hold memory: a Content-Length together with Transfer-Encoding,
// differing Content-Lengths, chunk sizes that are not plain hex, folded
// headers and bare CR are errors. A declared length over the limit is refused
// as soon as the head is read, before any body byte is waited for.
class HttpRequestParser {
public:
    enum class State { Idle, Head, Body, Complete, Failed };

    explicit HttpRequestParser(HttpLimits limits = {});

    // Takes bytes; returns how many it used. Stops at the end of one request
    // (Complete: the rest belongs to the next one) or at an error (Failed).
    std::size_t feed(std::string_view data);

    State state() const { return m_state; }
    // The request once Complete (its head already once state() is Body).
    const HttpRequest& request() const { return m_request; }
    HttpRequest takeRequest();
    // Starts over for the next request on the connection.
    void reset();

    // When Failed: the HTTP status to answer (400, 413, 431, 501, 505) and why.
    int errorStatus() const { return m_errorStatus; }
    const std::string& errorMessage() const { return m_errorMessage; }
    // Body bytes received so far (after chunk framing is removed).
    std::int64_t bodyBytes() const { return static_cast<std::int64_t>(m_request.body.size()); }

private:
    enum class BodyMode { None, Length, Chunked };
    enum class ChunkState { Size, Data, DataEnd, Trailers };

    std::size_t feedHead(std::string_view data);
    std::size_t feedBody(std::string_view data);
    std::size_t feedChunked(std::string_view data);
    bool parseHead(std::string_view head);
    bool parseRequestLine(std::string_view line);
    bool parseHeaderLine(std::string_view line);
    bool decideBody();
    bool parseChunkSize(std::string_view line);
    // Collects one CRLF-terminated line into m_line; true when complete.
    bool takeLine(std::string_view data, std::size_t& used, std::size_t maxBytes, const char* what);
    void fail(int status, std::string message);
    void complete();

    HttpLimits m_limits;
    State m_state = State::Idle;
    HttpRequest m_request;
    std::string m_head;
    std::size_t m_scanFrom = 0;
    BodyMode m_bodyMode = BodyMode::None;
    std::int64_t m_remaining = 0;
    ChunkState m_chunkState = ChunkState::Size;
    std::string m_line;
    std::size_t m_trailerBytes = 0;
    std::size_t m_trailerCount = 0;
    int m_errorStatus = 0;
    std::string m_errorMessage;
};

} // namespace stackdeck::ingest
