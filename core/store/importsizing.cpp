#include "importsizing.h"

#include "eventqueries.h"

#include <algorithm>
#include <string>

namespace stackdeck::store {

namespace {
constexpr std::int64_t kMinCacheBytes = std::int64_t(64) << 20; // configureConnection's default
constexpr std::int64_t kMaxCacheBytes = std::int64_t(384) << 20;
constexpr std::int64_t kCacheBytesPerEvent = 640;
constexpr double kEventsPerCommitStep = 100'000;
constexpr double kMaxCommitScale = 5;
constexpr double kMaxCommitSeconds = 2.5;
} // namespace

ImportSizing sizeImportWriter(sql::Database& db)
{
    ImportSizing sizing;
    sizing.storedEvents = newestEventRow(db);
    sizing.cacheBytes = std::clamp(sizing.storedEvents * kCacheBytesPerEvent, kMinCacheBytes, kMaxCacheBytes);
    sizing.commitScale
        = std::clamp(static_cast<double>(sizing.storedEvents) / kEventsPerCommitStep, 1.0, kMaxCommitScale);
    sizing.commitSeconds = std::min(sizing.commitScale, kMaxCommitSeconds);
    // Negative: KiB rather than pages. Growing it costs nothing until pages fill it.
    db.exec("PRAGMA cache_size=-" + std::to_string(sizing.cacheBytes >> 10));
    return sizing;
}

} // namespace stackdeck::store
