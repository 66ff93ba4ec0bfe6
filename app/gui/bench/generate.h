#pragma once

#include <QString>

#include <cstdint>

namespace stackdeck::bench {

// Fills a fresh workspace with synthetic events through the store's writer
// (decode -> prepare on a thread pool, one writer transaction per 1,000).
bool generateWorkspace(const QString& path, std::int64_t events);

} // namespace stackdeck::bench
