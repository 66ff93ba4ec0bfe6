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
};

struct ScaleBenchResult {
    std::vector<ScaleSlice> slices;
    std::string error; // the slice that failed and why; the slices before it are kept

    std::int64_t records() const;
    double seconds() const;
};

// Imports `files` one after another into the one workspace at `workspace`, a
// separate ImportJob per file as a user importing files one by one, and
// measures after each: how long it took and how large the workspace is.
// `sliceDone` (may be empty) sees each slice as it finishes.
ScaleBenchResult runScaleBench(const std::string& workspace, const std::vector<std::string>& files,
    const ImportOptions& options, const std::function<void(const ScaleSlice&)>& sliceDone = {});

// What a workspace takes on disk: it is opened and closed first, so the last
// connection's checkpoint moves the WAL into the database file; then the
// database file, its WAL (if any is left) and every side file next to it
// (<name>-shm, <name>-lock, ...). -1 when it cannot be opened.
std::int64_t workspaceBytesOnDisk(const std::string& workspace);

} // namespace stackdeck::bench
