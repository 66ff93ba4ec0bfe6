#pragma once

#include "rawrecord.h"
#include "readeroptions.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace stackdeck {

// A source of bytes read in chunks. One virtual call per chunk, never per byte.
class ByteStream {
public:
    virtual ~ByteStream();

    // Reads up to `capacity` bytes. Returns 0 only at the end of the stream.
    virtual Result<std::size_t> read(char* buffer, std::size_t capacity) = 0;
    // Bytes taken from the underlying file or buffer so far (the compressed side
    // for a decompressing stream): what progress should be measured in.
    virtual std::int64_t bytesConsumed() const = 0;
    // Size of the underlying file or buffer; -1 when unknown (a pipe).
    virtual std::int64_t totalBytes() const = 0;
};

// A file, or standard input for "-".
Result<std::unique_ptr<ByteStream>> openFileStream(const std::string& path);
std::unique_ptr<ByteStream> bufferStream(std::string bytes);

// Sniffs the first bytes of `raw` (never the file name) for gzip (1f 8b; several
// members are read one after another), zlib (78 01/5e/9c/da) and zstd
// (28 b5 2f fd) and decompresses while reading, with the bomb guard of
// ReaderOptions. Uncompressed input passes through unchanged.
Result<std::unique_ptr<ByteStream>> openDecodedStream(
    std::unique_ptr<ByteStream> raw, const ReaderOptions& options, Compression* detected = nullptr);

} // namespace stackdeck
