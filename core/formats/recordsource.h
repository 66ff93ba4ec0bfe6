#pragma once

#include "bytestream.h"
#include "rawrecord.h"
#include "readeroptions.h"
#include "util/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stackdeck {

// Splits a file into records, sequentially and cheaply (meant for one reader
// thread; decoding is separate, see recorddecoder.h). The format is detected
// from the content, never the file name:
//   - a top-level array: its elements are streamed one by one;
//   - line 1 is one complete JSON object and line 2 an envelope item header
//     (see looksLikeItemHeader): a Sentry envelope;
//   - line 1 is one complete JSON value (or line 2 is, after a broken line 1):
//     NDJSON, one record per non-blank line;
//   - otherwise JSON documents, possibly pretty-printed, one after another.
// A UTF-8 BOM and gzip/zlib/zstd compression are handled first. Problems are
// Rejections with their location; reading goes on after them where the
// input allows it.
class RecordSource {
public:
    // Fails only when the file cannot be opened.
    static Result<std::unique_ptr<RecordSource>> open(const std::string& path, const ReaderOptions& options = {});
    static std::unique_ptr<RecordSource> fromBuffer(
        std::string bytes, std::string displayName, const ReaderOptions& options = {});
    static std::unique_ptr<RecordSource> fromStream(
        std::unique_ptr<ByteStream> stream, std::string displayName, const ReaderOptions& options = {});

    ~RecordSource();
    RecordSource(const RecordSource&) = delete;
    RecordSource& operator=(const RecordSource&) = delete;

    // The next record; false at the end (check rejections() then).
    bool next(RawRecord& out);

    const std::vector<Rejection>& rejections() const;
    // Hands over the rejections collected so far (so a long import does not keep them all).
    std::vector<Rejection> takeRejections();
    std::int64_t rejectionCount() const; // including those beyond maxStoredRejections

    std::int64_t bytesConsumed() const; // of the file as stored (compressed bytes for .gz)
    std::int64_t totalBytes() const; // -1 when unknown
    // JsonDocument becomes ConcatenatedJson once a second document has been read.
    DetectedFormat format() const;
    Compression compression() const;
    std::int64_t recordCount() const; // records returned by next()
    std::int64_t skippedItems() const; // envelope items whose payload was skipped by length
    const std::string& displayName() const;

    struct Impl;

private:
    explicit RecordSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace stackdeck
