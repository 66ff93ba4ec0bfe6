#pragma once

#include "model/timestamp.h"
#include "store/sqlite.h"

#include <cstdint>
#include <functional>

namespace stackdeck::bench {

struct GeneratorOptions {
    std::int64_t events = 1'000'000;
    std::int64_t issues = 13'000;
    Micros now = 0;
    int batch = 1000;
};

// Fills a workspace through the real write path (synthetic JSON -> decoder ->
// prepareEvent -> EventWriter), four projects by platform, error events only
// (transactions do not touch the issue-level tables queries read). Payloads are
// replaced by a stub: queries never read them and they would be gigabytes.
// Afterwards some issues are resolved, ignored, assigned and bookmarked.
void generateWorkspace(
    sql::Database& db, const GeneratorOptions& options, const std::function<void(std::int64_t done)>& progress);

} // namespace stackdeck::bench
