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
    options.chunkSize = 256 * 1024;
    Compression detected = Compression::None;
    auto stream = openDecodedStream(bufferStream(std::move(body)), options, &detected);
    if (!stream)
        return failure(400, "could not read the " + encoding + " body: " + stream.error().message);
    if (detected != expected)
        return failure(400, "the body is not " + encoding + " data, as Content-Encoding says");

    DecodedBody out;
    std::string& bytes = out.bytes;
    for (;;) {
        const std::size_t room = std::min<std::size_t>(options.chunkSize,
            static_cast<std::size_t>(std::max<std::int64_t>(0, maxDecodedBytes + 1 - std::ssize(bytes))));
        if (room == 0)
            return failure(413, "decompressed body over the limit of " + std::to_string(maxDecodedBytes) + " bytes");
        const std::size_t before = bytes.size();
        bytes.resize(before + room);
        auto n = (*stream)->read(bytes.data() + before, room);
        if (!n) {
            return failure(400, "could not decompress the " + encoding + " body: " + n.error().message);
        }
        bytes.resize(before + *n);
        if (*n == 0)
            break;
    }
    bytes.shrink_to_fit();
    return out;
}

} // namespace stackdeck::ingest
