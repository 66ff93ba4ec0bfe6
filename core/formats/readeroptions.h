#pragma once

#include <cstddef>
#include <cstdint>

namespace stackdeck {

// Limits for reading files. The defaults keep memory bounded for any input:
// nothing larger than one record (or one read chunk while skipping) is held.
struct ReaderOptions {
    static constexpr std::int64_t MiB = std::int64_t {1024} * 1024;

    // A record (NDJSON line, array element, document, envelope item) above this
    // is rejected and skipped without being buffered.
    std::int64_t maxRecordBytes = 64 * MiB;
    // Attachments up to this size keep their bytes in RawRecord::payload; larger
    // ones are skipped by length and only their metadata is reported.
    std::int64_t maxAttachmentBytes = 1 * MiB;

    // Decompression bomb guard: stop once the output passes bombMinOutput AND
    // exceeds bombMaxRatio times the compressed input consumed so far.
    std::int64_t bombMinOutput = 256 * MiB;
    double bombMaxRatio = 250.0;
    // Absolute cap on decompressed output per file; 0 = none.
    std::int64_t maxDecompressedBytes = std::int64_t {64} * 1024 * MiB;

    // Size of each read from the file (and of each decompressed chunk). Small
    // enough that the buffer stays in the reading core's cache: the kernel's
    // copy into it and the copy of each record out of it then cost a fraction
    // of what they cost with 1 MiB (issue #20, perf of a 100,000-event slice:
    // the kernel's copy was 15.5% of the reader's and workers' CPU at 1 MiB,
    // 6.7% at 64 KiB). Records may still be any length.
    std::size_t chunkSize = 64 * 1024;

    // Envelope items nobody decodes (sessions, client reports, profiles,
    // replays, metrics, unknown types) are skipped by length and reported with
    // an empty payload. Set to keep their bytes (up to maxRecordBytes).
    bool keepSkippedPayloads = false;

    // Rejections kept for rejections(); beyond this they are only counted.
    std::size_t maxStoredRejections = 10000;
};

} // namespace stackdeck
