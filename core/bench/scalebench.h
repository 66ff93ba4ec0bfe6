#pragma once

#include "importer/importjob.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stackdeck::bench {

struct ScaleSlice {
    std::int64_t records = 0; // read from the slice's file
    std::int64_t stored = 0; // new events and transactions
    std::int64_t rejected = 0;
    double seconds = 0; // wall time of the slice's import, start to finish
    std::int64_t inputBytes = 0; // of this and every earlier slice
    std::int64_t workspaceBytes = 0; // after this slice, checkpointed (-1: could not be measured)
    double writerCpuSeconds = 0; // the import's writer thread (ImportSummary::cpu.writer)
    double jqSeconds = -1; // `jq -c .event_id` over this slice's file; -1: not run
};

struct ScaleBenchResult {
    std::vector<ScaleSlice> slices;
    std::string error; // the slice that failed and why; the slices before it are kept
    bool jqFound = true; // false: jq is not on the PATH (no slice has a jq time)
    std::string jqError; // why jq failed on a slice, when it did (the later slices are not timed)

    std::int64_t records() const;
    double seconds() const;
    double jqSeconds() const; // over every slice; -1 unless jq ran on each
};

struct ScaleBenchOptions {
    bool jq = true; // time `jq -c .event_id` over each slice's file after its import
    bool deleteSlices = false; // delete each slice's file once it is imported (and jq read it)
};

// Where the slices come from: writes the next slice's file and names it in
// `file`; false when there is none left, with `error` set when one failed.
using NextSlice = std::function<bool(std::string& file, std::string& error)>;

// Imports the slices one after another into the one workspace at `workspace`,
// a separate ImportJob per file as a user importing files one by one, and
// measures after each: how long it took, the writer's CPU, how large the
// workspace is, and jq over the same file. A slice is made just before its
// import, so with deleteSlices the run needs the disk of one slice.
// `sliceDone` (may be empty) sees each slice as it finishes.
ScaleBenchResult runScaleBench(const std::string& workspace, const NextSlice& nextSlice, const ImportOptions& options,
    const ScaleBenchOptions& scaleOptions, const std::function<void(const ScaleSlice&)>& sliceDone = {});

// What a workspace takes on disk: it is opened and closed first, so the last
// connection's checkpoint moves the WAL into the database file; then the
// database file, its WAL (if any is left) and every side file next to it
// (<name>-shm, <name>-lock, ...). -1 when it cannot be opened.
std::int64_t workspaceBytesOnDisk(const std::string& workspace);

} // namespace stackdeck::bench
