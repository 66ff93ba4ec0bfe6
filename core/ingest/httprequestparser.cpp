#include "httprequestparser.h"

#include "util/hexdigit.h"

#include <algorithm>
#include <cstring>

namespace stackdeck::ingest {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// A comma-separated header value contains `token` (case-insensitive), as Connection: keep-alive, Upgrade.
bool listContains(std::string_view value, std::string_view token)
{
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        const std::string_view part = trim(value.substr(0, comma));
        if (lower(part) == token)
            return true;
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

void splitQuery(std::string_view query, HttpRequest& request)
{
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (!pair.empty()) {
            const std::size_t eq = pair.find('=');
            const std::string_view key = pair.substr(0, eq);
            const std::string_view value = eq == std::string_view::npos ? std::string_view {} : pair.substr(eq + 1);
            request.query.emplace_back(percentDecode(key), percentDecode(value));
        }
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
}

} // namespace

HttpRequestParser::HttpRequestParser(HttpLimits limits)
    : m_limits(limits)
{
}

void HttpRequestParser::reset()
{
    m_state = State::Idle;
    m_request = HttpRequest {};
    m_head.clear();
    m_scanFrom = 0;
    m_bodyMode = BodyMode::None;
    m_remaining = 0;
    m_chunkState = ChunkState::Size;
    m_line.clear();
    m_trailerBytes = 0;
    m_trailerCount = 0;
    m_errorStatus = 0;
    m_errorMessage.clear();
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest out = std::move(m_request);
    reset();
    return out;
}

void HttpRequestParser::fail(int status, std::string message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = std::move(message);
}

void HttpRequestParser::complete()
{
    m_state = State::Complete;
    m_head.clear();
    m_head.shrink_to_fit();
}

std::size_t HttpRequestParser::feed(std::string_view data)
{
    std::size_t used = 0;
    while (used < data.size() && m_state != State::Complete && m_state != State::Failed) {
        const std::string_view rest = data.substr(used);
        if (m_state == State::Idle || m_state == State::Head)
            used += feedHead(rest);
        else
            used += feedBody(rest);
    }
    // A request without a body is complete as soon as its head is.
    if (m_state == State::Body && m_bodyMode == BodyMode::None)
        complete();
    return used;
}

std::size_t HttpRequestParser::feedHead(std::string_view data)
{
    std::size_t used = 0;
    if (m_state == State::Idle) {
        // RFC 9112 2.2: empty lines before a request line are ignored (left over from a previous body).
        while (used < data.size() && m_head.empty() && (data[used] == '\r' || data[used] == '\n'))
            ++used;
        if (used == data.size())
            return used;
        m_state = State::Head;
    }
    const std::size_t room = m_limits.maxHeaderBytes - std::min(m_limits.maxHeaderBytes, m_head.size());
    const std::size_t take = std::min(room + 4, data.size() - used);
    m_head.append(data.substr(used, take));
    const std::size_t end = m_head.find("\r\n\r\n", m_scanFrom);
    if (end == std::string::npos) {
        if (m_head.size() > m_limits.maxHeaderBytes) {
            fail(431, "request head larger than " + std::to_string(m_limits.maxHeaderBytes) + " bytes");
            return used + take;
        }
        m_scanFrom = m_head.size() >= 3 ? m_head.size() - 3 : 0;
        return used + take;
    }
    if (end + 4 > m_limits.maxHeaderBytes + 4) {
        fail(431, "request head larger than " + std::to_string(m_limits.maxHeaderBytes) + " bytes");
        return used + take;
    }
    // Hand back what follows the head: it is body (or the next request).
    const std::size_t extra = m_head.size() - (end + 4);
    const std::size_t consumed = used + take - extra;
    m_head.resize(end + 2); // keep the last header's CRLF
    if (parseHead(m_head) && decideBody())
        m_state = State::Body;
    return consumed;
}

bool HttpRequestParser::parseHead(std::string_view head)
{
    bool first = true;
    while (!head.empty()) {
        const std::size_t eol = head.find("\r\n");
        const std::string_view line = head.substr(0, eol);
        head.remove_prefix(eol + 2);
        if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos) {
            fail(400, "bare CR or LF in the request head");
            return false;
        }
        if (first) {
            if (!parseRequestLine(line))
                return false;
            first = false;
        } else if (!parseHeaderLine(line)) {
            return false;
        }
    }
    return true;
}

bool HttpRequestParser::parseRequestLine(std::string_view line)
{
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        fail(400, "malformed request line");
        return false;
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (!isToken(method)) {
        fail(400, "malformed request method");
        return false;
    }
    if (target.empty() || target.front() != '/') {
        fail(400, "the request target must be a path");
        return false;
    }
    for (const char c : target) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            fail(400, "control character in the request target");
            return false;
        }
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(version.substr(0, 5) == "HTTP/" ? 505 : 400, "unsupported HTTP version");
        return false;
    }
    m_request.method = std::string(method);
    m_request.target = std::string(target);
    m_request.version = std::string(version);
    const std::size_t q = target.find('?');
    m_request.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos)
        splitQuery(target.substr(q + 1), m_request);
    return true;
}

bool HttpRequestParser::parseHeaderLine(std::string_view line)
{
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
        fail(400, "folded header lines are not accepted");
        return false;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) {
        fail(400, "malformed header line");
        return false;
    }
    if (m_request.headers.size() >= m_limits.maxHeaders) {
        fail(431, "more than " + std::to_string(m_limits.maxHeaders) + " headers");
        return false;
    }
    const std::string_view value = trim(line.substr(colon + 1));
    for (const char c : value) {
        if (c == '\0') {
            fail(400, "NUL in a header value");
            return false;
        }
    }
    m_request.headers.emplace_back(lower(line.substr(0, colon)), std::string(value));
    return true;
}

bool HttpRequestParser::decideBody()
{
    const bool http10 = m_request.version == "HTTP/1.0";
    const std::string* connection = m_request.header("connection");
    m_request.keepAlive = http10 ? (connection && listContains(*connection, "keep-alive"))
                                 : !(connection && listContains(*connection, "close"));

    const std::string* transfer = m_request.header("transfer-encoding");
    std::optional<std::int64_t> length;
    for (const auto& [name, value] : m_request.headers) {
        if (name != "content-length")
            continue;
        const bool digits
            = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) {
            fail(400, "invalid Content-Length");
            return false;
        }
        if (value.size() > 18) { // could overflow; that large is over any limit
            fail(413, "Content-Length over the limit of " + std::to_string(m_limits.maxBodyBytes) + " bytes");
            return false;
        }
        const std::int64_t n = std::stoll(value);
        if (length && *length != n) {
            fail(400, "differing Content-Length headers");
            return false;
        }
        length = n;
    }
    if (transfer) {
        if (length) {
            fail(400, "both Content-Length and Transfer-Encoding");
            return false;
        }
        if (http10) {
            fail(400, "Transfer-Encoding in an HTTP/1.0 request");
            return false;
        }
        if (lower(*transfer) != "chunked") {
            fail(501, "unsupported Transfer-Encoding: only chunked is accepted");
            return false;
        }
        m_request.chunked = true;
        m_bodyMode = BodyMode::Chunked;
        m_chunkState = ChunkState::Size;
        return true;
    }
    if (length) {
        if (*length > m_limits.maxBodyBytes) {
            fail(413, "Content-Length over the limit of " + std::to_string(m_limits.maxBodyBytes) + " bytes");
            return false;
        }
        m_bodyMode = *length > 0 ? BodyMode::Length : BodyMode::None;
        m_remaining = *length;
        // A declared length is a promise, not bytes: reserve a little, grow as they come.
        m_request.body.reserve(static_cast<std::size_t>(std::min<std::int64_t>(*length, 64 * 1024)));
        return true;
    }
    m_bodyMode = BodyMode::None;
    return true;
}

std::size_t HttpRequestParser::feedBody(std::string_view data)
{
    if (m_bodyMode == BodyMode::Length) {
        const auto take = static_cast<std::size_t>(std::min<std::int64_t>(m_remaining, std::ssize(data)));
        m_request.body.append(data.substr(0, take));
        m_remaining -= static_cast<std::int64_t>(take);
        if (m_remaining == 0)
            complete();
        return take;
    }
    if (m_bodyMode == BodyMode::Chunked)
        return feedChunked(data);
    complete();
    return 0;
}

bool HttpRequestParser::takeLine(std::string_view data, std::size_t& used, std::size_t maxBytes, const char* what)
{
    const std::size_t eol = data.find('\n', used);
    const std::size_t end = eol == std::string_view::npos ? data.size() : eol + 1;
    m_line.append(data.substr(used, end - used));
    used = end;
    if (m_line.size() > maxBytes + 2) {
        fail(what[0] == 't' ? 431 : 400, std::string(what) + " line too long");
        return false;
    }
    if (eol == std::string_view::npos)
        return false;
    if (m_line.size() < 2 || m_line[m_line.size() - 2] != '\r') {
        fail(400, std::string(what) + " line not ended by CRLF");
        return false;
    }
    m_line.resize(m_line.size() - 2);
    return true;
}

bool HttpRequestParser::parseChunkSize(std::string_view line)
{
    // chunk-size = 1*HEXDIG, then optional extensions after ';' (ignored).
    std::size_t i = 0;
    std::int64_t size = 0;
    while (i < line.size() && hexDigitValue(line[i]) >= 0) {
        size = size * 16 + hexDigitValue(line[i]);
        if (size > m_limits.maxBodyBytes) {
            fail(413, "chunked body over the limit of " + std::to_string(m_limits.maxBodyBytes) + " bytes");
            return false;
        }
        ++i;
    }
    if (i == 0) {
        fail(400, "invalid chunk size");
        return false;
    }
    std::string_view rest = line.substr(i);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
        rest.remove_prefix(1);
    if (!rest.empty() && rest.front() != ';') {
        fail(400, "invalid chunk size");
        return false;
    }
    if (static_cast<std::int64_t>(m_request.body.size()) + size > m_limits.maxBodyBytes) {
        fail(413, "chunked body over the limit of " + std::to_string(m_limits.maxBodyBytes) + " bytes");
        return false;
    }
    m_remaining = size;
    return true;
}

std::size_t HttpRequestParser::feedChunked(std::string_view data)
{
    std::size_t used = 0;
    while (used < data.size() && m_state == State::Body) {
        switch (m_chunkState) {
        case ChunkState::Size:
            if (!takeLine(data, used, m_limits.maxChunkLineBytes, "chunk size"))
                break;
            if (!parseChunkSize(m_line))
                break;
            m_line.clear();
            m_chunkState = m_remaining == 0 ? ChunkState::Trailers : ChunkState::Data;
            break;
        case ChunkState::Data: {
            const auto take = static_cast<std::size_t>(
                std::min<std::int64_t>(m_remaining, static_cast<std::int64_t>(data.size() - used)));
            m_request.body.append(data.substr(used, take));
            used += take;
            m_remaining -= static_cast<std::int64_t>(take);
            if (m_remaining == 0)
                m_chunkState = ChunkState::DataEnd;
            break;
        }
        case ChunkState::DataEnd:
            if (!takeLine(data, used, 0, "chunk data end"))
                break;
            if (!m_line.empty()) {
                fail(400, "chunk data longer than its size");
                break;
            }
            m_chunkState = ChunkState::Size;
            break;
        case ChunkState::Trailers:
            if (!takeLine(data, used, m_limits.maxHeaderBytes, "trailer"))
                break;
            if (m_line.empty()) {
                complete();
                break;
            }
            m_trailerBytes += m_line.size() + 2;
            if (++m_trailerCount > m_limits.maxHeaders || m_trailerBytes > m_limits.maxHeaderBytes) {
                fail(431, "too many trailer fields");
                break;
            }
            m_line.clear(); // trailer fields are not used
            break;
        }
    }
    return used;
}

} // namespace stackdeck::ingest
