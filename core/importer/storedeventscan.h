#pragma once

#include "model/ids.h"
#include "store/preparedevent.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stackdeck {

class ProjectGroupings;

// One stored event, decoded again from its original and prepared.
struct ScannedEvent {
    EventRowId row;
    IssueId issue; // its issue as committed when the scan read it
    bool decoded = false; // false: the stored payload no longer decodes
    // compareStored: the hashes, title and culprit the event gets now are the
    // ones its row stores (so its issue need not be rebuilt for it).
    bool storedSame = false;
    PreparedEvent prepared; // groupingOnly: project, eventId, type, groupable, hashes, serverGroupId
                            // (and with compareStored also title and culprit)
};

struct StoredEventScanOptions {
    std::string project; // empty: every project
    bool errorsOnly = false; // skip transactions and segments (by the stored type)
    bool groupingOnly = false; // hashes only, no tags, texts or spans: the regroup plan
    bool compareStored = false; // fill ScannedEvent::storedSame
    std::shared_ptr<const ProjectGroupings> groupings; // null: built-in rules
    // Only these events (row ids, ascending); null: every event the filters let through.
    std::shared_ptr<const std::vector<std::int64_t>> onlyRows;
    int workers = 0; // 0: one per core
};

struct StoredEventScanResult {
    std::int64_t total = 0; // rows the scan covers
    std::int64_t scanned = 0;
    bool cancelled = false;
    std::string fatalError;
};

// Reads stored events in row order on a reader thread with its own read-only
// connection (so it sees the committed state even while the caller writes in
// one long transaction), decodes and groups them on worker threads, and hands
// them to `consume` on the calling thread in batches, in row order.
// Progress at most every 100 ms.
using ScanConsumer = std::function<void(std::vector<ScannedEvent>& batch)>;
StoredEventScanResult scanStoredEvents(const std::string& workspacePath, const StoredEventScanOptions& options,
    const ScanConsumer& consume, const std::atomic<bool>* cancel = nullptr,
    const std::function<void(std::int64_t done, std::int64_t total)>& progress = {});

} // namespace stackdeck
