#pragma once

#include "syntheticcorpus.h"

#include <cstdint>
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
