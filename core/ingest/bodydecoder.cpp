#include "bodydecoder.h"

#include "formats/bytestream.h"
#include "formats/readeroptions.h"

#include <algorithm>

namespace stackdeck::ingest {

namespace {

std::string lowerTrimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
        [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

DecodedBody failure(int status, std::string message)
{
    DecodedBody out;
    out.status = status;
    out.error = std::move(message);
    return out;
}

} // namespace

DecodedBody decodeBody(std::string body, std::string_view contentEncoding, std::int64_t maxDecodedBytes)
{
    const std::string encoding = lowerTrimmed(contentEncoding);
    Compression expected = Compression::None;
    if (encoding == "gzip" || encoding == "x-gzip")
        expected = Compression::Gzip;
    else if (encoding == "deflate")
        expected = Compression::Zlib; // HTTP's "deflate" is the zlib format (RFC 9110 8.4.1.2)
    else if (encoding == "zstd")
        expected = Compression::Zstd;
    else if (!encoding.empty() && encoding != "identity")
        return failure(415, "unsupported Content-Encoding: " + encoding);

    if (expected == Compression::None) {
        if (static_cast<std::int64_t>(body.size()) > maxDecodedBytes)
            return failure(413, "body over the limit of " + std::to_string(maxDecodedBytes) + " bytes");
        DecodedBody out;
        out.bytes = std::move(body);
        return out;
    }

    ReaderOptions options;
    // The cap below is what stops a bomb here; the ratio guard stays as the reader's second line.
    options.maxDecompressedBytes = 0;
    options.bombMinOutput = std::max<std::int64_t>(options.bombMinOutput, maxDecodedBytes + 1);
    // The input is in memory: its buffer need not be larger than it (a typical body is a few KiB).
    options.chunkSize = std::clamp<std::size_t>(body.size() + 16, 4096, 64 * 1024);
    Compression detected = Compression::None;
    auto stream = openDecodedStream(bufferStream(std::move(body)), options, &detected);
    if (!stream)
        return failure(400, "could not read the " + encoding + " body: " + stream.error().message);
    if (detected != expected)
        return failure(400, "the body is not " + encoding + " data, as Content-Encoding says");

    DecodedBody out;
    std::string& bytes = out.bytes;
    char chunk[16 * 1024];
    for (;;) {
        auto n = (*stream)->read(chunk, sizeof chunk);
        if (!n)
            return failure(400, "could not decompress the " + encoding + " body: " + n.error().message);
        if (*n == 0)
            break;
        if (static_cast<std::int64_t>(bytes.size() + *n) > maxDecodedBytes)
            return failure(413, "decompressed body over the limit of " + std::to_string(maxDecodedBytes) + " bytes");
        bytes.append(chunk, *n);
    }
    return out;
}

} // namespace stackdeck::ingest
