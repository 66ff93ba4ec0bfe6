#include "storedeventscan.h"

#include "eventpreparer.h"
#include "formats/recorddecoder.h"
#include "groupingbridge.h"
#include "pipeline/orderedpipeline.h"
#include "pipeline/progressthrottle.h"
#include "projectgroupings.h"
#include "store/workspace.h"
#include "util/payloadcodec.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

namespace stackdeck {

namespace {

constexpr int kChunkRows = 256;
// Stored rows (compressed originals) between the reader and the consumer.
constexpr std::size_t kInFlightBytes = 64u << 20;
constexpr std::size_t kInFlightChunks = 16;

struct StoredRow {
    EventRowId row;
    IssueId issue;
    std::string project;
    std::string eventId;
    Micros timestamp = 0;
    std::string itemType;
    std::string contentType;
    PayloadCodec codec = PayloadCodec::Plain;
    std::size_t rawSize = 0;
    std::string data;
    std::string storedHashes, storedTitle, storedCulprit;
};

struct Chunk {
    std::vector<StoredRow> rows;
};

struct Done {
    std::vector<ScannedEvent> events;
};

// Shared by the count and the page query: bound parameters select the project and the types.
constexpr const char* kFilter = "(?2 = '' OR p.name = ?2) AND (?3 = 0 OR e.type NOT IN (2, 8, 9))";
constexpr const char* kColumns
    = "SELECT e.id, e.issue_id, p.name, e.event_id, e.timestamp, pl.item_type, pl.content_type, pl.codec, pl.raw_size, "
      "pl.data, coalesce(e.hashes, ''), coalesce(e.title, ''), coalesce(e.culprit, '') FROM events e "
      "JOIN projects p ON p.id = e.project_id JOIN event_payloads pl ON pl.event_rowid = e.id ";

bool sameAsStored(const StoredRow& row, const PreparedEvent& p)
{
    return p.title == row.storedTitle && p.culprit == row.storedCulprit && p.hashesText() == row.storedHashes;
}

ScannedEvent process(StoredRow& row, const StoredEventScanOptions& options, const PrepareOptions& prepare)
{
    ScannedEvent out;
    out.row = row.row;
    out.issue = row.issue;
    auto payload = decodePayload(row.codec, row.data, row.rawSize);
    row.data = std::string();
    auto decoded = payload ? decodeJson(std::move(payload).value(), row.itemType, row.contentType, DecodeDetail::Index)
                           : Result<DecodedRecord>(payload.error());
    if (!decoded || decoded->events.empty())
        return out;
    out.decoded = true;
    Event& event = decoded->events.front().event;
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
ScannedEvent processGuarded(StoredRow& row, const StoredEventScanOptions& options, const PrepareOptions& prepare)
{
    try {
        return process(row, options, prepare);
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
    const std::int64_t errorsOnly = options.errorsOnly ? 1 : 0;
    try {
        sql::Statement count(db,
            std::string("SELECT count(*) FROM events e JOIN projects p ON p.id = e.project_id WHERE ?1 = ?1 AND ")
                + kFilter);
        count.bind(1, std::int64_t {0}).bind(2, options.project).bind(3, errorsOnly);
        count.step();
        result.total = options.onlyRows ? static_cast<std::int64_t>(options.onlyRows->size()) : count.int64(0);
    } catch (const std::exception& e) {
        result.fatalError = e.what();
        return result;
    }

    PrepareOptions prepare;
    prepare.codec = PayloadCodec::Plain; // the stored payload stays as it is
    prepare.groupings = options.groupings;

    auto readRow = [](sql::Statement& page) {
        StoredRow r;
        r.row = EventRowId(page.int64(0));
        r.issue = page.isNull(1) ? IssueId() : IssueId(page.int64(1));
        r.project = page.text(2);
        r.eventId = page.text(3);
        r.timestamp = page.int64(4);
        r.itemType = page.text(5);
        r.contentType = page.text(6);
        r.codec = static_cast<PayloadCodec>(page.int64(7));
        r.rawSize = static_cast<std::size_t>(std::max<std::int64_t>(0, page.int64(8)));
        r.data = std::string(page.blob(9));
        r.storedHashes = page.text(10);
        r.storedTitle = page.text(11);
        r.storedCulprit = page.text(12);
        return r;
    };

    pipeline::Stages<Chunk, Done> stages;
    // Every row after `last`, a page at a time; or the listed rows, a page of ids at a time.
    stages.produce = [&](const pipeline::Stages<Chunk, Done>::Emit& emit) {
        sql::Statement page(db,
            std::string(kColumns)
                + (options.onlyRows ? "WHERE e.id IN (SELECT value FROM json_each(?1)) AND " : "WHERE e.id > ?1 AND ")
                + kFilter + " ORDER BY e.id LIMIT ?4");
        std::int64_t last = 0;
        std::size_t listed = 0;
        for (;;) {
            page.reset();
            if (options.onlyRows) {
                const std::size_t end = std::min(options.onlyRows->size(), listed + kChunkRows);
                std::string ids = "[";
                for (std::size_t i = listed; i < end; ++i)
                    ids += (i > listed ? "," : "") + std::to_string((*options.onlyRows)[i]);
                ids += ']';
                listed = end;
                page.bind(1, ids);
            } else {
                page.bind(1, last);
            }
            page.bind(2, options.project).bind(3, errorsOnly).bind(4, kChunkRows);
            Chunk chunk;
            std::size_t bytes = 0;
            while (page.step()) {
                chunk.rows.push_back(readRow(page));
                bytes += chunk.rows.back().data.size() + sizeof(StoredRow);
                last = chunk.rows.back().row.value;
            }
            page.reset();
            const bool end = options.onlyRows ? listed >= options.onlyRows->size()
                                              : chunk.rows.size() < static_cast<std::size_t>(kChunkRows);
            if (!chunk.rows.empty() && !emit(std::move(chunk), bytes))
                return;
            if (end)
                return;
        }
    };
    stages.process = [&](Chunk& chunk, Done& done) {
        done.events.reserve(chunk.rows.size());
        for (StoredRow& row : chunk.rows)
            done.events.push_back(processGuarded(row, options, prepare));
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
