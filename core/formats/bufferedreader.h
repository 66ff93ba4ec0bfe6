#pragma once

#include "bytestream.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace stackdeck {

// Number of '\n' in data[0, size), 8 bytes at a time (the splitters count
// lines in every record they skip over, so this runs over all input).
std::int64_t countNewlines(const char* data, std::size_t size);

// A window over a ByteStream for the splitters: look ahead, search with
// memchr, consume. The window grows only as far as a caller asks (one record
// at most); skipping discards data chunk by chunk, so memory stays bounded
// whatever the input size.
class BufferedReader {
public:
    BufferedReader(std::unique_ptr<ByteStream> stream, std::size_t chunkSize);

    const char* data() const { return m_buf.data() + m_pos; }
    std::size_t available() const { return m_end - m_pos; }
    std::string_view window() const { return {data(), available()}; }
    // Offset of the cursor in the stream.
    std::int64_t offset() const { return m_base + static_cast<std::int64_t>(m_pos); }

    // Reads until `n` bytes are available or the stream ends; returns available().
    std::size_t ensure(std::size_t n);
    // Reads one more chunk onto the window; false at the end of the stream or on error.
    bool fillMore();
    // True when the window is empty and the stream has nothing more.
    bool atEnd();
    void consume(std::size_t n);

    struct Found {
        std::size_t pos = 0; // position of the '\n' relative to the cursor, when found
        bool found = false;
        bool overLimit = false; // searched `limit` bytes without finding one
    };
    // Finds the next '\n' at or after cursor + from, reading more while the
    // search stays within `limit` bytes of the cursor.
    Found findNewline(std::size_t from, std::size_t limit);

    // Discards n bytes (fewer at the end of the stream) without buffering them.
    std::int64_t skip(std::int64_t n, std::int64_t* newlines = nullptr);
    // Discards everything up to and including the next '\n' (or to the end).
    std::int64_t skipPastNewline(std::int64_t* newlines = nullptr);

    const std::optional<Error>& error() const { return m_error; }
    std::int64_t bytesConsumed() const { return m_stream->bytesConsumed(); }
    std::int64_t totalBytes() const { return m_stream->totalBytes(); }

private:
    void makeRoom(std::size_t extra);

    std::unique_ptr<ByteStream> m_stream;
    std::size_t m_chunk;
    std::vector<char> m_buf;
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
    std::int64_t m_base = 0; // stream offset of m_buf[0]
    bool m_eof = false;
    std::optional<Error> m_error;
};

} // namespace stackdeck
