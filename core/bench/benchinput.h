#pragma once

#include "syntheticcorpus.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stackdeck::bench {

// The NDJSON files a benchmark reads (and hands to jq): one per slice.
struct BenchInput {
    std::vector<std::string> files;
    std::vector<std::int64_t> events; // per file
    std::vector<std::int64_t> bytes; // per file
    std::int64_t medianEventBytes = 0; // without the newline
    std::int64_t p99EventBytes = 0;
    std::string error; // nothing usable was written when set

    std::int64_t totalEvents() const;
    std::int64_t totalBytes() const;
};

// Writes the records of one source into slice files, one slice at a time, so
// a run that imports and deletes each slice in turn needs the disk of one
// slice rather than of all of them (`bench import --scale --delete-slices`).
// Files are named as below; the slices together hold the same records, in the
// same order, as the functions below write in one go.
class SliceStream {
public:
    using NextRecord = std::function<bool(std::string& record)>; // false at the end of the source
    // `total` records in files of `perFile`; `source` names the input in errors.
    SliceStream(NextRecord next, std::string source, std::int64_t total, const std::string& dir,
        const std::string& stem, std::int64_t perFile);
    ~SliceStream();
    SliceStream(const SliceStream&) = delete;
    SliceStream& operator=(const SliceStream&) = delete;

    // Writes the next slice's file, appended to input(); false once every
    // record is written, or on an error (input().error: a write failed, or the
    // source ended before `total` records).
    bool writeNext();
    // The files written so far (all still listed when the caller deleted
    // some), with the size statistics of every record written so far.
    const BenchInput& input() const { return m_input; }

private:
    friend std::unique_ptr<SliceStream> ndjsonSlices(
        const std::string&, std::int64_t, const std::string&, const std::string&, std::int64_t);
    class Writer;
    NextRecord m_next;
    std::string m_source;
    std::int64_t m_total;
    std::int64_t m_perFile;
    std::int64_t m_written = 0;
    BenchInput m_input;
    std::vector<std::int64_t> m_sizes;
    std::unique_ptr<Writer> m_writer;
};

// The synthetic corpus of `options`, `perFile` events per slice file in `dir`.
std::unique_ptr<SliceStream> syntheticSlices(
    const SyntheticOptions& options, const std::string& dir, const std::string& stem, std::int64_t perFile);
// The first `events` records of the NDJSON file `path` (blank lines skipped);
// an error when it holds fewer.
std::unique_ptr<SliceStream> ndjsonSlices(const std::string& path, std::int64_t events, const std::string& dir,
    const std::string& stem, std::int64_t perFile);

// Writes the synthetic corpus of `options` into `dir`, `perFile` events per
// NDJSON file: <stem>.ndjson when one file holds them all, else
// <stem>-001.ndjson, <stem>-002.ndjson ... One corpus, so ids never repeat.
BenchInput writeSyntheticInput(
    const SyntheticOptions& options, const std::string& dir, const std::string& stem, std::int64_t perFile);

// Copies the first `events` records of the NDJSON file `path` into `dir`,
// `perFile` per file (named as above); an error when it holds fewer.
BenchInput sliceNdjsonFile(const std::string& path, std::int64_t events, const std::string& dir,
    const std::string& stem, std::int64_t perFile);

} // namespace stackdeck::bench
