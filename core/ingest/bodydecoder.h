#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stackdeck::ingest {

// A request body as the SDK meant it: Content-Encoding (gzip, deflate, zstd or
// none) undone by core/formats' streaming decompressor, the one owner of
// decompression and its bomb guard, with the endpoint's own cap on the
// decompressed size so that memory per request stays bounded.
struct DecodedBody {
    std::string bytes;
    int status = 0; // 0: decoded; else the HTTP status to answer (400, 413, 415)
    std::string error;

    bool ok() const { return status == 0; }
};

// `contentEncoding` is the header's value ("" when absent). The body must be
// what the header says: a gzip header on zstd bytes is a 400, as is a body
// that ends inside its compressed stream. Bytes past the cap are a 413.
DecodedBody decodeBody(std::string body, std::string_view contentEncoding, std::int64_t maxDecodedBytes);

} // namespace stackdeck::ingest
