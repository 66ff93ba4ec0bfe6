#include "importjob.h"

#include "eventpreparer.h"
#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "projectgroupings.h"
#include "store/backgroundcheckpointer.h"
#include "store/workspace.h"
#include "util/boundedqueue.h"
#include "util/hashing.h"
#include "util/threadcpu.h"
#include "util/threadpriority.h"

#include <QDateTime>
#include <QFileInfo>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

namespace stackdeck {

namespace {

constexpr std::size_t kChunkRecords = 256;
constexpr std::size_t kChunkBytes = 4 * 1024 * 1024;
// Prepared chunks waiting for the writer. Enough to cover a commit (the
// aggregate and search rows, then the WAL write: about a third of a second)
// so the workers never stop while the writer commits; about 40 MB.
constexpr std::size_t kResultChunks = 16;
constexpr std::size_t kMaxKeptRejections = 10000;

struct WorkChunk {
    std::int64_t sequence = 0;
    std::vector<RawRecord> records;
    SourceId source;
};

struct ResultChunk {
    std::int64_t sequence = 0;
    PreparedBatch batch;
    std::vector<Rejection> rejections;
    std::int64_t skipped = 0;
    std::int64_t records = 0;
};

// Reader-side events for the writer: a file started (its source row) or ended.
struct SharedState {
    std::mutex mutex;
    std::vector<Rejection> rejections;
    std::int64_t rejectedCount = 0;
    std::int64_t skipped = 0;
    std::int64_t bytesRead = 0;
    std::int64_t filesDone = 0;
    std::string currentFile;
    std::string fatal;
    double readerCpu = 0;
    double workerCpu = 0;

    void reject(Rejection r)
    {
        std::lock_guard lock(mutex);
        ++rejectedCount;
        if (rejections.size() < kMaxKeptRejections)
            rejections.push_back(std::move(r));
    }
};

std::string sourceLocation(const std::string& path)
{
    if (path == "-")
        return "<stdin>";
    return QFileInfo(QString::fromStdString(path)).absoluteFilePath().toStdString();
}

PreparedLog prepareLog(const LogRecord& log, const std::string& project, SourceId source)
{
    PreparedLog p;
    p.project = project;
    p.timestamp = log.timestamp;
    p.traceId = log.traceId;
    p.spanId = log.spanId;
    p.level = log.level;
    p.body = log.body;
    p.attributesJson = log.attributes.text;
    p.fingerprint = md5Hex(std::to_string(log.timestamp.value_or(0)) + '\x1f' + log.traceId + '\x1f' + log.spanId
        + '\x1f' + log.level + '\x1f' + log.body);
    p.source = source;
    return p;
}

// Takes the record's payload (it becomes the stored original); raw.location stays valid.
void processRecord(RawRecord& raw, const PrepareOptions& prepare, SourceId source, ResultChunk& out)
{
    auto decoded = decodeRecord(std::move(raw), DecodeDetail::Index);
    if (!decoded) {
        out.rejections.push_back(Rejection {raw.location, decoded.error().message});
        return;
    }
    DecodedRecord& record = decoded.value();
    const std::string project = prepare.project.empty() ? std::string("default") : prepare.project;
    switch (record.kind) {
    case RecordKind::Event:
    case RecordKind::Transaction:
    case RecordKind::Feedback:
    case RecordKind::Segment:
        for (auto& item : record.events) {
            item.event.eventId = item.eventId; // synthesized from the payload when it had none
            PreparedEvent p = prepareEvent(std::move(item.event), std::move(item.rawJson), record.itemType, prepare);
            p.contentType = record.contentType;
            p.source = source;
            out.batch.events.push_back(std::move(p));
        }
        break;
    case RecordKind::Log:
        for (const LogRecord& log : record.logs)
            out.batch.logs.push_back(prepareLog(log, project, source));
        break;
    case RecordKind::Attachment: {
        if (!record.attachment) {
            ++out.skipped;
            break;
        }
        PreparedAttachment a;
        a.project = project;
        a.eventId = record.attachment->eventId;
        a.filename = record.attachment->filename;
        a.attachmentType = record.attachment->attachmentType;
        a.contentType = record.attachment->contentType;
        a.size = record.attachment->size;
        a.source = source;
        out.batch.attachments.push_back(std::move(a));
        break;
    }
    default:
        ++out.skipped;
        break;
    }
}

} // namespace

int ImportSummary::exitCode() const
{
    if (!fatalError.empty())
        return 2;
    if (rejectedCount > 0)
        return 1;
    return 0;
}

ImportJob::ImportJob(std::string workspacePath, ImportOptions options)
    : m_workspacePath(std::move(workspacePath))
    , m_options(std::move(options))
{
}

ImportSummary ImportJob::run(const std::vector<std::string>& paths, const std::atomic<bool>* cancel,
    const ProgressFn& progress, const BatchFn& batchWritten)
{
    const auto started = std::chrono::steady_clock::now();
    const double writerCpuAtStart = currentThreadCpuSeconds();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };

    ImportSummary summary;
    summary.files = static_cast<std::int64_t>(paths.size());

    auto workspace = store::Workspace::open(m_workspacePath);
    if (!workspace) {
        summary.fatalError = workspace.error().message;
        return summary;
    }
    store::EventWriter writer((*workspace)->db());
    store::BackgroundCheckpointer checkpointer((*workspace)->db());

    // Source rows first, on the writer's connection, before any thread starts.
    std::vector<SourceId> sources;
    std::int64_t bytesTotal = 0;
    try {
        for (const auto& path : paths) {
            const std::string location = sourceLocation(path);
            const std::string kind = path == "-" ? std::string("stdin") : m_options.sourceKind;
            sources.push_back(writer.ensureSource(
                kind, location, QFileInfo(QString::fromStdString(location)).fileName().toStdString()));
            const qint64 size = path == "-" ? -1 : QFileInfo(QString::fromStdString(path)).size();
            bytesTotal = (size < 0 || bytesTotal < 0) ? -1 : bytesTotal + size;
        }
    } catch (const std::exception& e) {
        summary.fatalError = e.what();
        return summary;
    }

    PrepareOptions prepare;
    prepare.project = m_options.project;
    prepare.codec = m_options.codec;
    prepare.fallbackTimestamp = QDateTime::currentMSecsSinceEpoch() * 1000;
    try {
        // Parsed once here; workers only read them.
        prepare.groupings = ProjectGroupings::load((*workspace)->db());
    } catch (const std::exception& e) {
        summary.fatalError = e.what();
        return summary;
    }

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const int workers = m_options.workers > 0 ? m_options.workers : static_cast<int>(cores);

    BoundedQueue<WorkChunk> work(static_cast<std::size_t>(workers) * 2 + 2);
    BoundedQueue<ResultChunk> results(kResultChunks + static_cast<std::size_t>(workers));
    SharedState shared;
    std::atomic<bool> stop {false};

    std::thread reader([&] {
        std::int64_t sequence = 0;
        std::int64_t finishedBytes = 0;
        for (std::size_t i = 0; i < paths.size() && !stop && !cancelled(); ++i) {
            {
                std::lock_guard lock(shared.mutex);
                shared.currentFile = paths[i];
            }
            auto source = RecordSource::open(paths[i], m_options.reader);
            if (!source) {
                RecordLocation where;
                where.file = paths[i];
                shared.reject(Rejection {where, source.error().message});
            } else {
                RecordSource& src = **source;
                WorkChunk chunk;
                chunk.source = sources[i];
                std::size_t chunkBytes = 0;
                RawRecord raw;
                std::int64_t sinceProgress = 0;
                while (!stop && src.next(raw)) {
                    chunkBytes += raw.payload.size();
                    chunk.records.push_back(std::move(raw));
                    raw = RawRecord {};
                    if (chunk.records.size() >= kChunkRecords || chunkBytes >= kChunkBytes) {
                        chunk.sequence = sequence++;
                        if (!work.push(std::move(chunk)))
                            break;
                        chunk = WorkChunk {};
                        chunk.source = sources[i];
                        chunkBytes = 0;
                        if (cancelled())
                            break;
                    }
                    if (++sinceProgress >= 64) {
                        sinceProgress = 0;
                        std::lock_guard lock(shared.mutex);
                        shared.bytesRead = finishedBytes + src.bytesConsumed();
                    }
                }
                if (!chunk.records.empty()) {
                    chunk.sequence = sequence++;
                    work.push(std::move(chunk));
                }
                std::vector<Rejection> taken = src.takeRejections();
                const auto overflow = src.rejectionCount() - static_cast<std::int64_t>(taken.size());
                for (Rejection& r : taken)
                    shared.reject(std::move(r));
                std::lock_guard lock(shared.mutex);
                shared.rejectedCount += std::max<std::int64_t>(0, overflow); // counted, not kept
                finishedBytes
                    += std::max<std::int64_t>(0, src.totalBytes() >= 0 ? src.totalBytes() : src.bytesConsumed());
                shared.bytesRead = finishedBytes;
            }
            std::lock_guard lock(shared.mutex);
            ++shared.filesDone;
        }
        work.close();
        const double cpu = currentThreadCpuSeconds();
        std::lock_guard lock(shared.mutex);
        shared.readerCpu = cpu;
    });

    // Parts the writer has written, freed by the workers: tens of thousands of
    // small strings per chunk, a twentieth of the writer's time when it freed them.
    std::mutex spentMutex;
    std::vector<PreparedBatch> spent;
    auto freeSpent = [&] {
        std::vector<PreparedBatch> mine;
        {
            std::lock_guard lock(spentMutex);
            mine.swap(spent);
        }
    };

    std::atomic<int> runningWorkers {workers};
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) {
        pool.emplace_back([&] {
            lowerCurrentThreadPriority(); // the writer is the serial stage: it gets the CPU first
            while (auto chunk = work.pop()) {
                freeSpent();
                ResultChunk result;
                result.sequence = chunk->sequence;
                result.records = static_cast<std::int64_t>(chunk->records.size());
                if (!stop) {
                    for (RawRecord& raw : chunk->records)
                        processRecord(raw, prepare, chunk->source, result);
                }
                if (!results.push(std::move(result)))
                    break;
            }
            {
                const double cpu = currentThreadCpuSeconds();
                std::lock_guard lock(shared.mutex);
                shared.workerCpu += cpu;
            }
            if (--runningWorkers == 0)
                results.close();
        });
    }

    // The writer: results come back in any order; write them in file order so
    // the same input always yields the same database.
    std::map<std::int64_t, ResultChunk> pending;
    std::int64_t nextSequence = 0;
    auto lastProgress = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    auto report = [&](bool force) {
        if (!progress)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - lastProgress < std::chrono::milliseconds(100))
            return;
        lastProgress = now;
        ImportProgress p;
        {
            std::lock_guard lock(shared.mutex);
            p.bytesRead = shared.bytesRead;
            p.filesDone = shared.filesDone;
            p.currentFile = shared.currentFile;
            p.rejected = shared.rejectedCount + summary.rejectedCount;
        }
        p.filesTotal = summary.files;
        p.bytesTotal = bytesTotal;
        p.records = summary.records;
        p.eventsStored = summary.events + summary.transactions;
        p.seconds = elapsed();
        progress(p);
    };
    // Each in-order part is written as soon as it arrives, into a transaction
    // that stays open until it holds batchSize records or is a second old.
    // The workers go on preparing while the writer writes, and no batch of
    // prepared events waits in memory for its turn.
    std::int64_t openRecords = 0;
    auto openedAt = std::chrono::steady_clock::now();
    auto fail = [&](const std::exception& e) {
        summary.fatalError = std::string("database write failed: ") + e.what();
        stop = true;
        writer.rollback();
        openRecords = 0;
    };
    auto writePart = [&](const PreparedBatch& part) {
        if (part.empty() || stop)
            return;
        try {
            if (!writer.inTransaction()) {
                writer.begin();
                openedAt = std::chrono::steady_clock::now();
            }
            writer.write(part);
            openRecords += static_cast<std::int64_t>(part.size());
        } catch (const std::exception& e) {
            fail(e);
        }
    };
    auto commitOpen = [&] {
        if (!writer.inTransaction())
            return;
        if (stop) { // cancelled or failed: what the open transaction holds is dropped, as if never read
            writer.rollback();
            openRecords = 0;
            return;
        }
        try {
            const store::BatchCounts counts = writer.commit();
            openRecords = 0;
            summary.events += counts.inserted - counts.transactions;
            summary.transactions += counts.transactions;
            summary.spans += counts.spans;
            summary.duplicates += counts.duplicates;
            summary.issuesCreated += counts.issuesCreated;
            summary.logs += counts.logs;
            summary.attachments += counts.attachments;
            if (batchWritten)
                batchWritten(counts);
        } catch (const std::exception& e) {
            fail(e);
        }
    };

    for (;;) {
        // An open transaction holds the workspace's write lock: when the input
        // stalls (a slow pipe on stdin), commit what it has at the second
        // instead of keeping every other writer out until the next part.
        bool timedOut = false;
        auto result
            = writer.inTransaction() ? results.popUntil(openedAt + std::chrono::seconds(1), &timedOut) : results.pop();
        if (timedOut) {
            commitOpen();
            report(false);
            continue;
        }
        if (!result)
            break;
        pending.emplace(result->sequence, std::move(*result));
        while (!pending.empty() && pending.begin()->first == nextSequence) {
            ResultChunk chunk = std::move(pending.begin()->second);
            pending.erase(pending.begin());
            ++nextSequence;
            summary.records += chunk.records;
            summary.skippedItems += chunk.skipped;
            for (auto& r : chunk.rejections) {
                ++summary.rejectedCount;
                if (summary.rejected.size() < kMaxKeptRejections)
                    summary.rejected.push_back(std::move(r));
            }
            writePart(chunk.batch);
            {
                std::lock_guard lock(spentMutex);
                spent.push_back(std::move(chunk.batch));
            }
            if (openRecords >= m_options.batchSize
                || std::chrono::steady_clock::now() - openedAt >= std::chrono::seconds(1))
                commitOpen();
        }
        if (cancelled() && !stop) {
            stop = true;
            summary.cancelled = true;
            work.close();
        }
        if (stop)
            work.close();
        report(false);
    }
    commitOpen();

    reader.join();
    for (auto& t : pool)
        t.join();

    summary.skippedItems += shared.skipped;
    summary.rejectedCount += shared.rejectedCount;
    for (auto& r : shared.rejections) {
        if (summary.rejected.size() < kMaxKeptRejections)
            summary.rejected.push_back(std::move(r));
    }
    summary.bytes = shared.bytesRead;
    summary.cancelled = summary.cancelled || cancelled();
    summary.seconds = elapsed();
    summary.cpu.reader = shared.readerCpu;
    summary.cpu.workers = shared.workerCpu;
    summary.cpu.writer = currentThreadCpuSeconds() - writerCpuAtStart;
    report(true);
    return summary;
}

} // namespace stackdeck
