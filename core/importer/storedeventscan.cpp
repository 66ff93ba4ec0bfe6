#include "storedeventscan.h"

#include "eventpreparer.h"
#include "formats/recorddecoder.h"
#include "groupingbridge.h"
#include "pipeline/orderedpipeline.h"
#include "pipeline/progressthrottle.h"
#include "projectgroupings.h"
#include "store/payloaddictrows.h"
#include "store/storedevent.h"
#include "store/storedeventpages.h"
#include "store/workspace.h"
#include "util/payloadcodec.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

namespace stackdeck {

namespace {

constexpr int kChunkRows = 256;
// Stored rows (compressed originals) between the reader and the consumer.
constexpr std::size_t kInFlightBytes = 64u << 20;
constexpr std::size_t kInFlightChunks = 16;

using StoredRow = store::StoredEventRow;

struct Chunk {
    std::vector<StoredRow> rows;
};

struct Done {
    std::vector<ScannedEvent> events;
};

bool sameAsStored(const StoredRow& row, const PreparedEvent& p)
{
    return p.title == row.storedTitle && p.culprit == row.storedCulprit && p.hashesText() == row.storedHashes;
}

ScannedEvent process(
    StoredRow& row, const StoredEventScanOptions& options, const PrepareOptions& prepare, const PayloadDicts* dicts)
{
    ScannedEvent out;
    out.row = row.row;
    out.issue = row.issue;
    auto payload = decodePayload(row.codec, row.data, row.rawSize, dicts);
    row.data = std::string();
    auto decoded = payload ? store::decodeStoredEvent(
                       std::move(payload).value(), row.itemType, row.contentType, row.eventId, DecodeDetail::Index)
                           : Result<Event>(payload.error());
    if (!decoded)
        return out;
    out.decoded = true;
    Event& event = decoded.value();
    if (options.groupingOnly) {
        PreparedEvent& p = out.prepared;
        p.project = row.project;
        p.eventId = row.eventId;
        p.type = event.type;
        p.groupable = !event.isTransactionLike() && event.type != EventType::Feedback;
        p.serverGroupId = event.serverGroupId;
        if (p.groupable && options.compareStored) {
            EventGrouping grouped
                = groupEvent(event, prepare.groupings ? &prepare.groupings->forProject(row.project) : nullptr);
            p.hashes = std::move(grouped.hashes);
            p.title = std::move(grouped.summary.title);
            p.culprit = std::move(grouped.summary.culprit);
        } else if (p.groupable) {
            p.hashes = prepare.groupings ? groupingHashes(event, prepare.groupings->forProject(row.project))
                                         : groupingHashes(event);
        }
        out.storedSame = options.compareStored && sameAsStored(row, p);
        return out;
    }
    PrepareOptions local = prepare;
    local.project = row.project;
    local.fallbackTimestamp = row.timestamp;
    out.prepared = prepareEvent(std::move(event), std::string(), row.itemType, local);
    out.prepared.eventId = row.eventId;
    out.storedSame = options.compareStored && sameAsStored(row, out.prepared);
    return out;
}

// A stored event that fails to decode or group in a way the code did not
// expect counts as one that no longer decodes; the scan goes on.
ScannedEvent processGuarded(
    StoredRow& row, const StoredEventScanOptions& options, const PrepareOptions& prepare, const PayloadDicts* dicts)
{
    try {
        return process(row, options, prepare, dicts);
    } catch (const std::exception&) {
        ScannedEvent out;
        out.row = row.row;
        out.issue = row.issue;
        return out;
    }
}

} // namespace

StoredEventScanResult scanStoredEvents(const std::string& workspacePath, const StoredEventScanOptions& options,
    const ScanConsumer& consume, const std::atomic<bool>* cancel,
    const std::function<void(std::int64_t done, std::int64_t total)>& progress)
{
    StoredEventScanResult result;
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
    auto ws = store::Workspace::open(workspacePath, store::Workspace::Mode::ReadOnly);
    if (!ws) {
        result.fatalError = ws.error().message;
        return result;
    }
    sql::Database& db = (*ws)->db();
    std::optional<store::StoredEventPages> pages;
    std::shared_ptr<const PayloadDicts> dicts; // read-only from here on: shared by the workers
    try {
        dicts = store::loadPayloadDicts(db);
        pages.emplace(db, options.project, options.errorsOnly, options.onlyRows);
        result.total = pages->count();
    } catch (const std::exception& e) {
        result.fatalError = e.what();
        return result;
    }

    PrepareOptions prepare;
    prepare.codec = PayloadCodec::Plain; // the stored payload stays as it is
    prepare.groupings = options.groupings;

    pipeline::Stages<Chunk, Done> stages;
    // The stored rows, a page at a time, in row order.
    stages.produce = [&](const pipeline::Stages<Chunk, Done>::Emit& emit) {
        for (;;) {
            Chunk chunk;
            if (!pages->next(chunk.rows, kChunkRows))
                return;
            if (chunk.rows.empty())
                continue; // listed rows that are gone
            std::size_t bytes = 0;
            for (const StoredRow& row : chunk.rows)
                bytes += row.data.size() + sizeof(StoredRow);
            if (!emit(std::move(chunk), bytes))
                return;
        }
    };
    stages.process = [&](Chunk& chunk, Done& done) {
        done.events.reserve(chunk.rows.size());
        for (StoredRow& row : chunk.rows)
            done.events.push_back(processGuarded(row, options, prepare, dicts.get()));
    };
    stages.failed = [](Chunk& chunk, Done& done, const std::string&) {
        // Each row is guarded; this is a failure around them (out of memory): the rows count as undecodable.
        done.events.clear();
        for (const StoredRow& row : chunk.rows) {
            ScannedEvent e;
            e.row = row.row;
            e.issue = row.issue;
            done.events.push_back(std::move(e));
        }
    };
    pipeline::ProgressThrottle throttle;
    stages.consume = [&](Done& done) {
        result.scanned += static_cast<std::int64_t>(done.events.size());
        consume(done.events);
        if (progress && throttle.due())
            progress(result.scanned, result.total);
    };

    pipeline::Options pipeOptions;
    pipeOptions.workers = options.workers;
    pipeOptions.maxInFlightBytes = kInFlightBytes;
    pipeOptions.maxInFlightParts = kInFlightChunks;
    pipeline::OrderedPipeline<Chunk, Done> running(pipeOptions, std::move(stages));
    const pipeline::Outcome outcome = running.run(cancel);
    result.cancelled = outcome.cancelled;
    result.fatalError = !outcome.consumerError.empty() ? outcome.consumerError : outcome.readerError;
    const bool stopped = running.stopping();
    if (!result.cancelled && cancelled() && result.scanned < result.total)
        result.cancelled = true;
    if (progress && !stopped)
        progress(result.scanned, result.total);
    return result;
}

} // namespace stackdeck
