#include "importjob.h"

#include "batchedwriter.h"
#include "eventpreparer.h"
#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "pipeline/orderedpipeline.h"
#include "pipeline/progressthrottle.h"
#include "projectgroupings.h"
#include "recordpreparation.h"
#include "store/backgroundcheckpointer.h"
#include "store/payloaddictrows.h"
#include "store/workspace.h"
#include "store/writerlock.h"
#include "util/payloadcompressor.h"
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
constexpr std::size_t kChunkBytes = std::size_t {4} * 1024 * 1024;
// What may be between the reader and the end of the writer's write, in the
// records' bytes as read: enough chunks to cover a commit at scale (at a
// million events the aggregate and search rows, the WAL write and the
// checkpoint take about a second) so the workers never stop while the writer
// commits, and a bound on memory whatever the input (one record over the
// budget still passes when it is alone). Only a few chunks wait unread for a
// worker: the rest of the budget holds prepared results, which are smaller
// than their input. Issue #20, slice 10 of a million into a 900k workspace:
// with 96 MB and 24 chunks the workers stood idle through each commit, and
// the process took 11.6-13.1 s; with 256 MB, 64 chunks and 2 per worker
// queued, 10.3-10.6 s. The 50k bench corpus: peak RSS 209-216 MB against 272.
constexpr std::size_t kInFlightBytes = 256u << 20;
constexpr std::size_t kInFlightChunks = 64;
constexpr std::size_t kQueuedChunksPerWorker = 2;
constexpr std::size_t kMaxKeptRejections = 10000;

struct WorkChunk {
    std::vector<RawRecord> records;
    SourceId source;
};

struct ResultChunk : PreparedRecords {
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

using Emit = pipeline::Stages<WorkChunk, ResultChunk>::Emit;

// Splits one file into chunks of records and hands them on. False when the
// pipeline stopped (cancel or a failed write).
bool readFile(const std::string& path, SourceId sourceId, const ReaderOptions& options, const Emit& emit,
    SharedState& shared, std::int64_t& finishedBytes)
{
    RecordLocation where;
    where.file = path;
    std::unique_ptr<RecordSource> source;
    try {
        auto opened = RecordSource::open(path, options);
        if (!opened) {
            shared.reject(Rejection {where, opened.error().message});
            return true;
        }
        source = std::move(opened).value();
    } catch (const std::exception& e) {
        shared.reject(Rejection {where, std::string("could not open: ") + e.what()});
        return true;
    }
    RecordSource& src = *source;
    WorkChunk chunk;
    chunk.source = sourceId;
    std::size_t chunkBytes = 0;
    bool more = true;
    auto flush = [&] {
        if (chunk.records.empty())
            return;
        more = emit(std::move(chunk), chunkBytes);
        chunk = WorkChunk {};
        chunk.source = sourceId;
        chunkBytes = 0;
    };
    try {
        RawRecord raw;
        std::int64_t sinceProgress = 0;
        while (more && src.next(raw)) {
            chunkBytes += raw.payload.size() + sizeof(RawRecord);
            chunk.records.push_back(std::move(raw));
            raw = RawRecord {};
            if (chunk.records.size() >= kChunkRecords || chunkBytes >= kChunkBytes)
                flush();
            if (++sinceProgress >= 64) {
                sinceProgress = 0;
                std::lock_guard lock(shared.mutex);
                shared.bytesRead = finishedBytes + src.bytesConsumed();
            }
        }
    } catch (const std::exception& e) {
        // The records read so far still go through; the rest of the file is lost.
        where.byteOffset = src.bytesConsumed();
        shared.reject(Rejection {where, std::string("reading stopped: ") + e.what()});
    }
    if (more)
        flush();
    std::vector<Rejection> taken = src.takeRejections();
    const auto overflow = src.rejectionCount() - static_cast<std::int64_t>(taken.size());
    for (Rejection& r : taken)
        shared.reject(std::move(r));
    std::lock_guard lock(shared.mutex);
    shared.rejectedCount += std::max<std::int64_t>(0, overflow); // counted, not kept
    finishedBytes += std::max<std::int64_t>(0, src.totalBytes() >= 0 ? src.totalBytes() : src.bytesConsumed());
    shared.bytesRead = finishedBytes;
    return more;
}

std::vector<SourceId> registerSources(store::EventWriter& writer, const std::vector<std::string>& paths,
    const std::string& sourceKind, std::int64_t& bytesTotal)
{
    std::vector<SourceId> sources;
    for (const auto& path : paths) {
        const std::string location = sourceLocation(path);
        const std::string kind = path == "-" ? std::string("stdin") : sourceKind;
        sources.push_back(
            writer.ensureSource(kind, location, QFileInfo(QString::fromStdString(location)).fileName().toStdString()));
        const qint64 size = path == "-" ? -1 : QFileInfo(QString::fromStdString(path)).size();
        bytesTotal = (size < 0 || bytesTotal < 0) ? -1 : bytesTotal + size;
    }
    return sources;
}

// The CPU time of the reader and the workers, for the summary.
void accountCpu(pipeline::Stages<WorkChunk, ResultChunk>& stages, SharedState& shared)
{
    stages.workerStarted
        = [] { lowerCurrentThreadPriority(); }; // the writer is the serial stage: it gets the CPU first
    stages.workerFinished = [&shared] {
        const double cpu = currentThreadCpuSeconds();
        std::lock_guard lock(shared.mutex);
        shared.workerCpu += cpu;
    };
    stages.readerFinished = [&shared] {
        const double cpu = currentThreadCpuSeconds();
        std::lock_guard lock(shared.mutex);
        shared.readerCpu = cpu;
    };
}

ImportProgress progressOf(SharedState& shared, const ImportSummary& summary, std::int64_t bytesTotal, double seconds)
{
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
    p.seconds = seconds;
    return p;
}

// What a worker's chunk adds to the summary besides its stored events.
void countChunk(ImportSummary& summary, ResultChunk& chunk)
{
    summary.records += chunk.records;
    summary.skippedItems += chunk.skipped;
    for (auto& r : chunk.rejections) {
        ++summary.rejectedCount;
        if (summary.rejected.size() < kMaxKeptRejections)
            summary.rejected.push_back(std::move(r));
    }
}

// What the reader counted, once the pipeline has stopped.
void foldReaderState(ImportSummary& summary, SharedState& shared)
{
    summary.skippedItems += shared.skipped;
    summary.rejectedCount += shared.rejectedCount;
    for (auto& r : shared.rejections) {
        if (summary.rejected.size() < kMaxKeptRejections)
            summary.rejected.push_back(std::move(r));
    }
    summary.bytes = shared.bytesRead;
    summary.cpu.reader = shared.readerCpu;
    summary.cpu.workers = shared.workerCpu;
}

// What the pipeline of an import works with, set up by ImportJob::run.
struct Pump {
    const std::vector<std::string>& paths;
    const std::vector<SourceId>& sources;
    const ImportOptions& options;
    sql::Database& db;
    store::EventWriter& writer;
    ImportSummary& summary;
    PrepareOptions prepare;
    std::int64_t bytesTotal = 0;
    const std::atomic<bool>* cancel = nullptr;
    const ImportJob::ProgressFn& progress;
    const ImportJob::BatchFn& batchWritten;
    std::function<double()> elapsed;
    SharedState shared {};
};

void rejectChunk(WorkChunk& chunk, ResultChunk& result, const std::string& error)
{
    result.records = static_cast<std::int64_t>(chunk.records.size());
    const RecordLocation where = chunk.records.empty() ? RecordLocation {} : chunk.records.front().location;
    result.rejections.push_back(Rejection {where, "could not process the records from here on: " + error});
}

// Reader -> workers -> this thread's writer, until the input ends, a cancel or a failed write.
void pumpRecords(Pump& p)
{
    ImportSummary& summary = p.summary;
    SharedState& shared = p.shared;
    const std::vector<std::string>& paths = p.paths;
    PrepareOptions& prepare = p.prepare;
    // Parts the writer has written, freed by the workers: tens of thousands of
    // small strings per chunk, a twentieth of the writer's time when it freed them.
    std::mutex spentMutex;
    std::vector<PreparedBatch> spent;
    BatchedWriter batched(p.writer, summary, p.options.batchSize, p.batchWritten);
    batched.flushTagCountsEvery(p.options.tagCountsEvery);
    pipeline::OrderedPipeline<WorkChunk, ResultChunk>* pipe = nullptr;

    pipeline::Stages<WorkChunk, ResultChunk> stages;
    stages.produce = [&](const Emit& emit) {
        std::int64_t finishedBytes = 0;
        for (std::size_t i = 0; i < paths.size(); ++i) {
            {
                std::lock_guard lock(shared.mutex);
                shared.currentFile = paths[i];
            }
            const bool more = readFile(paths[i], p.sources[i], p.options.reader, emit, shared, finishedBytes);
            std::lock_guard lock(shared.mutex);
            ++shared.filesDone;
            if (!more)
                break;
        }
    };
    // The project rules the workers group with: reloaded when another writer
    // committed (someone may have saved new rules), taken per chunk.
    std::mutex rulesMutex;
    auto currentPrepare = [&] {
        std::lock_guard lock(rulesMutex);
        return prepare;
    };
    stages.process = [&](WorkChunk& chunk, ResultChunk& result) {
        {
            std::vector<PreparedBatch> mine;
            std::lock_guard lock(spentMutex);
            mine.swap(spent);
        }
        const PrepareOptions local = currentPrepare();
        result.records = static_cast<std::int64_t>(chunk.records.size());
        for (RawRecord& raw : chunk.records)
            processRecordGuarded(raw, local, chunk.source, result);
    };
    stages.failed = rejectChunk;
    stages.consume = [&](ResultChunk& chunk) {
        countChunk(summary, chunk);
        if (batched.write(chunk.batch)) {
            auto reloaded = ProjectGroupings::load(p.db);
            std::lock_guard lock(rulesMutex);
            prepare.groupings = std::move(reloaded);
        }
        if (batched.failed())
            pipe->stop();
        std::lock_guard lock(spentMutex);
        spent.push_back(std::move(chunk.batch));
    };
    // An open transaction holds the workspace's write lock: when the input
    // stalls (a slow pipe on stdin), commit what it has at the second instead
    // of keeping every other writer out until the next part.
    stages.deadline = [&] { return batched.deadline(); };
    stages.idle = [&] { batched.commit(pipe->stopping()); };
    accountCpu(stages, shared);

    pipeline::ProgressThrottle throttle;
    const auto consume = stages.consume;
    stages.consume = [&, consume](ResultChunk& chunk) {
        consume(chunk);
        if (p.progress && throttle.due())
            p.progress(progressOf(shared, summary, p.bytesTotal, p.elapsed()));
    };

    pipeline::Options options;
    options.workers = p.options.workers;
    options.maxInFlightBytes = kInFlightBytes;
    options.maxInFlightParts = kInFlightChunks;
    options.queuedPartsPerWorker = kQueuedChunksPerWorker;
    pipeline::OrderedPipeline<WorkChunk, ResultChunk> running(options, std::move(stages));
    pipe = &running;
    const pipeline::Outcome outcome = running.run(p.cancel);
    batched.commit(running.stopping());
    if (!outcome.consumerError.empty() && summary.fatalError.empty())
        summary.fatalError = outcome.consumerError;
    if (!outcome.readerError.empty()) {
        RecordLocation where;
        where.file = shared.currentFile;
        shared.reject(Rejection {where, "reading stopped: " + outcome.readerError});
    }

    foldReaderState(summary, shared);
    summary.cancelled = outcome.cancelled;
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

    ImportSummary summary;
    summary.files = static_cast<std::int64_t>(paths.size());

    // Shared with other ordinary writers; a reindex or regroup holding the workspace is waited for.
    auto writerLock = store::WriterLock::acquire(
        m_workspacePath, store::WriterLock::Kind::Shared, "import", [&](const std::string& holders) {
            if (cancel && cancel->load())
                return false;
            return !m_options.waitForWriters || m_options.waitForWriters(holders);
        });
    if (!writerLock) {
        summary.cancelled = cancel && cancel->load();
        if (!summary.cancelled)
            summary.fatalError = writerLock.error().message;
        return summary;
    }
    auto workspace = store::Workspace::open(m_workspacePath);
    if (!workspace) {
        summary.fatalError = workspace.error().message;
        return summary;
    }
    store::EventWriter writer((*workspace)->db());
    if (m_options.tagCountsEvery > 0)
        writer.deferTagCounts();
    store::BackgroundCheckpointer checkpointer((*workspace)->db());

    // Source rows first, on the writer's connection, before any thread starts.
    std::vector<SourceId> sources;
    std::int64_t bytesTotal = 0;
    try {
        sources = registerSources(writer, paths, m_options.sourceKind, bytesTotal);
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
        if (prepare.codec == PayloadCodec::ZstdDict) // the workspace's dictionary, or one trained on this import
            prepare.compressor = std::make_shared<PayloadCompressor>(
                store::loadPayloadDicts((*workspace)->db())->newest(), m_options.dictTraining);
    } catch (const std::exception& e) {
        summary.fatalError = e.what();
        return summary;
    }

    Pump pump {paths, sources, m_options, (*workspace)->db(), writer, summary, std::move(prepare), bytesTotal, cancel,
        progress, batchWritten, elapsed};
    pumpRecords(pump);
    // The tag counts of what was stored, stopped or not; when this fails the
    // next writer counts them from the rows (store/tagcounts.h).
    try {
        writer.flushDeferredTagCounts();
    } catch (const std::exception& e) {
        if (summary.fatalError.empty())
            summary.fatalError = std::string("database write failed: ") + e.what();
    }
    // The batches only marked the traces they touched (store/tracerows.h): the
    // trace list assembles them when it is next read, on its worker, each trace
    // once however many batches it grew in, and only when someone looks.
    summary.cpu.writer = currentThreadCpuSeconds() - writerCpuAtStart;
    summary.seconds = elapsed(); // the tag counts too: they are part of the import
    if (progress)
        progress(progressOf(pump.shared, summary, bytesTotal, elapsed()));
    return summary;
}

} // namespace stackdeck
