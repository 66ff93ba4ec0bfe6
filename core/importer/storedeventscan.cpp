#include "storedeventscan.h"

#include "eventpreparer.h"
#include "formats/recorddecoder.h"
#include "groupingbridge.h"
#include "projectgroupings.h"
#include "store/workspace.h"
#include "util/boundedqueue.h"
#include "util/payloadcodec.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

namespace stackdeck {

namespace {

constexpr int kChunkRows = 256;

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
    std::int64_t sequence = 0;
    std::vector<StoredRow> rows;
};

struct Done {
    std::int64_t sequence = 0;
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

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const int workers = options.workers > 0 ? options.workers : static_cast<int>(cores);
    BoundedQueue<Chunk> work(static_cast<std::size_t>(workers) * 2 + 2);
    BoundedQueue<Done> results(static_cast<std::size_t>(workers) * 2 + 2);
    std::atomic<bool> stop {false};
    std::string readerError;

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
        r.rawSize = static_cast<std::size_t>(page.int64(8));
        r.data = std::string(page.blob(9));
        r.storedHashes = page.text(10);
        r.storedTitle = page.text(11);
        r.storedCulprit = page.text(12);
        return r;
    };
    std::thread reader([&] {
        try {
            // Every row after `last`, a page at a time; or the listed rows, a page of ids at a time.
            sql::Statement page(db,
                std::string(kColumns)
                    + (options.onlyRows ? "WHERE e.id IN (SELECT value FROM json_each(?1)) AND "
                                        : "WHERE e.id > ?1 AND ")
                    + kFilter + " ORDER BY e.id LIMIT ?4");
            std::int64_t last = 0;
            std::size_t listed = 0;
            std::int64_t sequence = 0;
            while (!stop && !cancelled()) {
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
                chunk.sequence = sequence++;
                while (page.step()) {
                    chunk.rows.push_back(readRow(page));
                    last = chunk.rows.back().row.value;
                }
                page.reset();
                const bool end = options.onlyRows ? listed >= options.onlyRows->size()
                                                  : chunk.rows.size() < static_cast<std::size_t>(kChunkRows);
                if (!chunk.rows.empty() && !work.push(std::move(chunk)))
                    break;
                if (end)
                    break;
            }
        } catch (const std::exception& e) {
            readerError = e.what();
        }
        work.close();
    });

    std::atomic<int> running {workers};
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) {
        pool.emplace_back([&] {
            while (auto chunk = work.pop()) {
                Done done;
                done.sequence = chunk->sequence;
                if (!stop) {
                    done.events.reserve(chunk->rows.size());
                    for (StoredRow& row : chunk->rows)
                        done.events.push_back(process(row, options, prepare));
                }
                if (!results.push(std::move(done)))
                    break;
            }
            if (--running == 0)
                results.close();
        });
    }

    std::map<std::int64_t, Done> pending;
    std::int64_t next = 0;
    auto lastProgress = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    while (auto done = results.pop()) {
        if (stop)
            continue; // drain so the threads can finish
        pending.emplace(done->sequence, std::move(*done));
        while (!pending.empty() && pending.begin()->first == next) {
            Done ready = std::move(pending.begin()->second);
            pending.erase(pending.begin());
            ++next;
            result.scanned += static_cast<std::int64_t>(ready.events.size());
            try {
                consume(ready.events);
            } catch (const std::exception& e) {
                result.fatalError = e.what();
                stop = true;
                work.close();
                break;
            }
        }
        if (cancelled() && !stop) {
            result.cancelled = true;
            stop = true;
            work.close();
        }
        const auto now = std::chrono::steady_clock::now();
        if (progress && !stop && now - lastProgress >= std::chrono::milliseconds(100)) {
            lastProgress = now;
            progress(result.scanned, result.total);
        }
    }
    reader.join();
    for (auto& t : pool)
        t.join();
    if (result.fatalError.empty() && !readerError.empty())
        result.fatalError = readerError;
    if (!result.cancelled && cancelled() && result.scanned < result.total)
        result.cancelled = true;
    if (progress && !stop)
        progress(result.scanned, result.total);
    return result;
}

} // namespace stackdeck
