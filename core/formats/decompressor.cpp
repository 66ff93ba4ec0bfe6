// Content-sniffed streaming decompression (gzip, zlib, zstd) with a bomb guard.

#include "bytestream.h"

#include <cmath>
#include <cstring>
#include <vector>
#include <zlib.h>
#include <zstd.h>

namespace stackdeck {
namespace {

// Serves bytes already read for sniffing, then the rest of the raw stream.
class PeekedStream final : public ByteStream {
public:
    PeekedStream(std::string prefix, std::unique_ptr<ByteStream> raw)
        : m_prefix(std::move(prefix))
        , m_raw(std::move(raw))
    {
    }
    Result<std::size_t> read(char* buffer, std::size_t capacity) override
    {
        if (m_pos < m_prefix.size()) {
            const std::size_t n = std::min(capacity, m_prefix.size() - m_pos);
            std::memcpy(buffer, m_prefix.data() + m_pos, n);
            m_pos += n;
            return n;
        }
        return m_raw->read(buffer, capacity);
    }
    std::int64_t bytesConsumed() const override
    {
        return m_raw->bytesConsumed() - static_cast<std::int64_t>(m_prefix.size() - m_pos);
    }
    std::int64_t totalBytes() const override { return m_raw->totalBytes(); }

private:
    std::string m_prefix;
    std::size_t m_pos = 0;
    std::unique_ptr<ByteStream> m_raw;
};

std::string ratioText(double ratio)
{
    if (ratio == std::floor(ratio) && ratio < 1e9)
        return std::to_string(static_cast<long long>(ratio)) + ":1";
    return std::to_string(ratio) + ":1";
}

// Input buffering, output accounting and the bomb guard shared by the codecs.
class DecompressingStream : public ByteStream {
public:
    DecompressingStream(std::unique_ptr<ByteStream> raw, const ReaderOptions& options)
        : m_raw(std::move(raw))
        , m_options(options)
        , m_in(std::max<std::size_t>(options.chunkSize, 4096))
    {
    }

    Result<std::size_t> read(char* buffer, std::size_t capacity) override
    {
        if (m_error)
            return *m_error;
        if (m_finished || capacity == 0)
            return std::size_t {0};
        for (;;) {
            if (m_inPos == m_inEnd && !m_rawEof) {
                if (auto r = refill(); !r.ok())
                    return fail(r.error().message);
            }
            std::size_t produced = 0;
            std::size_t consumed = 0;
            auto status = step(buffer, capacity, produced, consumed);
            m_inPos += consumed;
            m_compressedIn += static_cast<std::int64_t>(consumed);
            m_out += static_cast<std::int64_t>(produced);
            if (!status.ok())
                return fail(status.error().message);
            if (auto guard = checkGuard(); !guard.ok())
                return fail(guard.error().message);
            if (produced > 0)
                return produced;
            if (m_inPos == m_inEnd && m_rawEof) {
                auto end = atEndOfInput();
                if (!end.ok())
                    return fail(end.error().message);
                m_finished = true;
                return std::size_t {0};
            }
            // No progress with input left: the codec needs more bytes than are buffered.
            if (consumed == 0 && !m_rawEof) {
                if (auto r = refill(); !r.ok())
                    return fail(r.error().message);
            }
        }
    }
    std::int64_t bytesConsumed() const override { return m_raw->bytesConsumed(); }
    std::int64_t totalBytes() const override { return m_raw->totalBytes(); }

protected:
    // Decompresses from the pending input into `out`. Sets `consumed` and
    // `produced`; marks m_finished when the compressed stream is complete.
    virtual Status step(char* out, std::size_t capacity, std::size_t& produced, std::size_t& consumed) = 0;
    // The raw input ended with no more output: fine, or "truncated".
    virtual Status atEndOfInput() = 0;

    const unsigned char* pending() const { return reinterpret_cast<const unsigned char*>(m_in.data()) + m_inPos; }
    std::size_t pendingSize() const { return m_inEnd - m_inPos; }
    bool rawEof() const { return m_rawEof; }
    std::int64_t compressedOffset() const { return m_compressedIn; }
    std::string at() const { return " at compressed offset " + std::to_string(m_compressedIn); }
    bool m_finished = false;

private:
    Status checkGuard() const
    {
        if (m_out > m_options.bombMinOutput
            && static_cast<double>(m_out) > m_options.bombMaxRatio * static_cast<double>(m_compressedIn))
            return Error {
                "decompression stopped: output exceeds " + ratioText(m_options.bombMaxRatio) + " of the input" + at()};
        if (m_options.maxDecompressedBytes > 0 && m_out > m_options.maxDecompressedBytes)
            return Error {"decompression stopped: output exceeds the cap of "
                + std::to_string(m_options.maxDecompressedBytes) + " bytes" + at()};
        return Ok {};
    }
    // Keeps the unconsumed input and appends the next raw chunk after it.
    Status refill()
    {
        if (m_inPos > 0) {
            std::memmove(m_in.data(), m_in.data() + m_inPos, m_inEnd - m_inPos);
            m_inEnd -= m_inPos;
            m_inPos = 0;
        }
        if (m_inEnd == m_in.size())
            return Ok {};
        auto n = m_raw->read(m_in.data() + m_inEnd, m_in.size() - m_inEnd);
        if (!n.ok())
            return n.error();
        m_inEnd += *n;
        m_rawEof = *n == 0;
        return Ok {};
    }
    Result<std::size_t> fail(std::string message)
    {
        m_error = Error {std::move(message)};
        return *m_error;
    }

    std::unique_ptr<ByteStream> m_raw;
    ReaderOptions m_options;
    std::vector<char> m_in;
    std::size_t m_inPos = 0;
    std::size_t m_inEnd = 0;
    bool m_rawEof = false;
    std::int64_t m_compressedIn = 0;
    std::int64_t m_out = 0;
    std::optional<Error> m_error;
};

// gzip (several members allowed, as `cat a.gz b.gz` produces) and zlib.
class InflateStream final : public DecompressingStream {
public:
    InflateStream(std::unique_ptr<ByteStream> raw, const ReaderOptions& options, bool gzip)
        : DecompressingStream(std::move(raw), options)
        , m_gzip(gzip)
    {
        std::memset(&m_z, 0, sizeof m_z);
        m_ok = inflateInit2(&m_z, gzip ? 15 + 16 : 15) == Z_OK;
    }
    ~InflateStream() override
    {
        if (m_ok)
            inflateEnd(&m_z);
    }
    InflateStream(const InflateStream&) = delete;
    InflateStream& operator=(const InflateStream&) = delete;

protected:
    Status step(char* out, std::size_t capacity, std::size_t& produced, std::size_t& consumed) override
    {
        if (!m_ok)
            return Error {"cannot initialise zlib"};
        if (m_memberDone) {
            // Between members: another member, zero padding, or garbage.
            std::size_t zeros = 0;
            while (zeros < pendingSize() && pending()[zeros] == 0)
                ++zeros;
            consumed = zeros;
            if (zeros < pendingSize()) {
                if (pendingSize() - zeros < 2 && !rawEof())
                    return Ok {}; // need the second magic byte
                const unsigned char* p = pending() + zeros;
                const bool another = m_gzip ? (pendingSize() - zeros >= 2 && p[0] == 0x1f && p[1] == 0x8b)
                                            : (pendingSize() - zeros >= 2 && p[0] == 0x78);
                if (!another)
                    return Error {std::string("unexpected data after the ") + (m_gzip ? "gzip member" : "zlib stream")
                        + " at compressed offset "
                        + std::to_string(compressedOffset() + static_cast<std::int64_t>(zeros))};
                inflateReset(&m_z);
                m_memberDone = false;
            }
            return Ok {};
        }
        // Called without input too: inflate may still hold output for a full buffer.
        m_z.next_in = const_cast<Bytef*>(pending());
        m_z.avail_in = static_cast<uInt>(std::min<std::size_t>(pendingSize(), 1u << 30));
        m_z.next_out = reinterpret_cast<Bytef*>(out);
        m_z.avail_out = static_cast<uInt>(std::min<std::size_t>(capacity, 1u << 30));
        const uInt availIn = m_z.avail_in;
        const uInt availOut = m_z.avail_out;
        const int rc = inflate(&m_z, Z_NO_FLUSH);
        consumed = availIn - m_z.avail_in;
        produced = availOut - m_z.avail_out;
        if (rc == Z_STREAM_END) {
            m_memberDone = true;
            return Ok {};
        }
        if (rc == Z_OK || rc == Z_BUF_ERROR)
            return Ok {};
        return Error {std::string("corrupt ") + (m_gzip ? "gzip" : "zlib") + " data" + " at compressed offset "
            + std::to_string(compressedOffset() + static_cast<std::int64_t>(consumed))
            + (m_z.msg ? std::string(": ") + m_z.msg : std::string())};
    }
    Status atEndOfInput() override
    {
        if (m_memberDone)
            return Ok {};
        return Error {std::string(m_gzip ? "gzip" : "zlib") + " data truncated" + at()};
    }

private:
    z_stream m_z;
    bool m_ok = false;
    bool m_gzip;
    bool m_memberDone = false;
};

class ZstdStream final : public DecompressingStream {
public:
    ZstdStream(std::unique_ptr<ByteStream> raw, const ReaderOptions& options)
        : DecompressingStream(std::move(raw), options)
        , m_ds(ZSTD_createDStream())
    {
        if (m_ds)
            ZSTD_initDStream(m_ds);
    }
    ~ZstdStream() override { ZSTD_freeDStream(m_ds); }
    ZstdStream(const ZstdStream&) = delete;
    ZstdStream& operator=(const ZstdStream&) = delete;

protected:
    Status step(char* out, std::size_t capacity, std::size_t& produced, std::size_t& consumed) override
    {
        if (!m_ds)
            return Error {"cannot initialise zstd"};
        ZSTD_inBuffer in {pending(), pendingSize(), 0};
        ZSTD_outBuffer o {out, capacity, 0};
        // Also called with no input, to flush what the decoder still holds.
        const std::size_t rc = ZSTD_decompressStream(m_ds, &o, &in);
        consumed = in.pos;
        produced = o.pos;
        if (ZSTD_isError(rc))
            return Error {std::string("corrupt zstd data at compressed offset ")
                + std::to_string(compressedOffset() + static_cast<std::int64_t>(consumed)) + ": "
                + ZSTD_getErrorName(rc)};
        // Without progress the return value is only a hint for a next frame.
        if (consumed > 0 || produced > 0)
            m_frameComplete = rc == 0;
        return Ok {};
    }
    Status atEndOfInput() override
    {
        if (m_frameComplete)
            return Ok {};
        return Error {"zstd data truncated" + at()};
    }

private:
    ZSTD_DStream* m_ds;
    bool m_frameComplete = false;
};

Compression sniff(std::string_view head)
{
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
    if (head.size() >= 2 && b(0) == 0x1f && b(1) == 0x8b)
        return Compression::Gzip;
    if (head.size() >= 4 && b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd)
        return Compression::Zstd;
    if (head.size() >= 2 && b(0) == 0x78 && (b(1) == 0x01 || b(1) == 0x5e || b(1) == 0x9c || b(1) == 0xda))
        return Compression::Zlib;
    return Compression::None;
}

} // namespace

Result<std::unique_ptr<ByteStream>> openDecodedStream(
    std::unique_ptr<ByteStream> raw, const ReaderOptions& options, Compression* detected)
{
    std::string head(4, '\0');
    std::size_t have = 0;
    while (have < head.size()) {
        auto n = raw->read(head.data() + have, head.size() - have);
        if (!n.ok())
            return n.error();
        if (*n == 0)
            break;
        have += *n;
    }
    head.resize(have);
    const Compression c = sniff(head);
    if (detected)
        *detected = c;
    auto peeked = std::make_unique<PeekedStream>(std::move(head), std::move(raw));
    switch (c) {
    case Compression::Gzip:
        return std::unique_ptr<ByteStream>(new InflateStream(std::move(peeked), options, true));
    case Compression::Zlib:
        return std::unique_ptr<ByteStream>(new InflateStream(std::move(peeked), options, false));
    case Compression::Zstd:
        return std::unique_ptr<ByteStream>(new ZstdStream(std::move(peeked), options));
    case Compression::None:
        break;
    }
    return std::unique_ptr<ByteStream>(std::move(peeked));
}

} // namespace stackdeck
