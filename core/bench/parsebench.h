#pragma once

#include <cstdint>
#include <string>

namespace stackdeck::bench {

struct ParseBenchResult {
    std::int64_t records = 0;
    std::int64_t events = 0;
    std::int64_t bytes = 0;
    std::int64_t rejected = 0;
    double seconds = 0;
    std::string error;
};

// Reads, splits and decodes a file into Event values on `workers` threads
// (DecodeDetail::Index, as the import does),
// storing nothing: the parsing part of an import, measured on its own.
ParseBenchResult runParseBench(const std::string& path, int workers);

// Peak resident set size of this process so far, in bytes.
std::int64_t peakRssBytes();

} // namespace stackdeck::bench
