#include "bufferedreader.h"

#include <algorithm>
#include <cstring>

namespace stackdeck {

std::int64_t countNewlines(const char* data, std::size_t size)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    std::int64_t count = 0;
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t v;
        std::memcpy(&v, data + i, 8);
        const std::uint64_t x = v ^ (ones * '\n');
        // The high bit of each byte of t is set exactly where x has a zero byte.
        const std::uint64_t t = ~(((x & low7) + low7) | x | low7);
        // Each byte of t >> 7 is 0 or 1; the multiplication sums them into the top byte
        // (a popcount instruction is not in the baseline x86-64 target).
        count += static_cast<std::int64_t>(((t >> 7) * ones) >> 56);
    }
    for (; i < size; ++i)
        count += data[i] == '\n' ? 1 : 0;
    return count;
}

BufferedReader::BufferedReader(std::unique_ptr<ByteStream> stream, std::size_t chunkSize)
    : m_stream(std::move(stream))
    , m_chunk(std::max<std::size_t>(chunkSize, 1))
{
}

void BufferedReader::makeRoom(std::size_t extra)
{
    const std::size_t live = m_end - m_pos;
    if (m_buf.size() - m_end >= extra)
        return;
    if (m_pos > 0) {
        // Shrink back after a big record once the window is small again.
        if (m_buf.size() > 8 * m_chunk && live + extra <= 2 * m_chunk) {
            std::vector<char> fresh(2 * m_chunk);
            std::memcpy(fresh.data(), m_buf.data() + m_pos, live);
            m_buf.swap(fresh);
        } else {
            std::memmove(m_buf.data(), m_buf.data() + m_pos, live);
        }
        m_base += static_cast<std::int64_t>(m_pos);
        m_pos = 0;
        m_end = live;
    }
    if (m_buf.size() - m_end < extra)
        m_buf.resize(std::max(m_end + extra, m_buf.size() * 3 / 2));
}

bool BufferedReader::fillMore()
{
    if (m_eof)
        return false;
    makeRoom(m_chunk);
    auto n = m_stream->read(m_buf.data() + m_end, m_buf.size() - m_end);
    if (!n.ok()) {
        m_error = n.error();
        m_eof = true;
        return false;
    }
    if (*n == 0) {
        m_eof = true;
        return false;
    }
    m_end += *n;
    return true;
}

std::size_t BufferedReader::ensure(std::size_t n)
{
    while (available() < n && fillMore()) { }
    return available();
}

bool BufferedReader::atEnd()
{
    return available() == 0 && !fillMore();
}

void BufferedReader::consume(std::size_t n)
{
    m_pos += std::min(n, available());
    if (m_pos == m_end) {
        m_base += static_cast<std::int64_t>(m_pos);
        m_pos = m_end = 0;
    }
}

BufferedReader::Found BufferedReader::findNewline(std::size_t from, std::size_t limit)
{
    std::size_t scanned = from;
    for (;;) {
        const std::size_t end = std::min(available(), limit);
        if (scanned < end) {
            if (const void* p = std::memchr(data() + scanned, '\n', end - scanned))
                return {static_cast<std::size_t>(static_cast<const char*>(p) - data()), true, false};
            scanned = end;
        }
        if (scanned >= limit)
            return {0, false, true};
        if (!fillMore())
            return {0, false, false};
    }
}

std::int64_t BufferedReader::skip(std::int64_t n, std::int64_t* newlines)
{
    std::int64_t skipped = 0;
    while (skipped < n) {
        if (available() == 0 && !fillMore())
            break;
        const auto take
            = static_cast<std::size_t>(std::min<std::int64_t>(n - skipped, static_cast<std::int64_t>(available())));
        if (newlines)
            *newlines += countNewlines(data(), take);
        consume(take);
        skipped += static_cast<std::int64_t>(take);
    }
    return skipped;
}

std::int64_t BufferedReader::skipPastNewline(std::int64_t* newlines)
{
    std::int64_t skipped = 0;
    for (;;) {
        if (available() == 0 && !fillMore())
            return skipped;
        if (const void* p = std::memchr(data(), '\n', available())) {
            const auto n = static_cast<std::size_t>(static_cast<const char*>(p) - data()) + 1;
            consume(n);
            if (newlines)
                ++*newlines;
            return skipped + static_cast<std::int64_t>(n);
        }
        skipped += static_cast<std::int64_t>(available());
        consume(available());
    }
}

} // namespace stackdeck
