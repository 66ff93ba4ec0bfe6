#pragma once

#include "formats/rawrecord.h"
#include "formats/readeroptions.h"
#include "store/eventwriter.h"
#include "util/payloadcodec.h"
#include "util/payloadcompressor.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stackdeck {

struct ImportOptions {
    std::string project; // --project; empty = from the event, else "default"
    // Events per transaction. Larger batches amortise the per-issue aggregate
    // rows (tag counts, hourly counts) that every batch rewrites; a batch is
    // also written once it is a second old, so views see imports progress.
    // In a workspace of more than 100,000 events the size grows up to 5x and
    // the age up to 2.5 s (store/importsizing.h).
    int batchSize = 5000;
    // Tag counts per issue (issue_tags) are written once per this many stored
    // events and at the end, not in every transaction (store/tagcounts.h);
    // 0 writes them in every transaction.
    std::int64_t tagCountsEvery = 250'000;
    int workers = 0; // decode/group threads; 0 = one per core
    // ZstdDict: with the workspace's dictionary, trained on this import's
    // first payloads (LZ4 until then) when it has none.
    PayloadCodec codec = PayloadCodec::ZstdDict;
    PayloadDictTraining dictTraining;
    std::string sourceKind = "file";
    ReaderOptions reader;
    // Called about every 200 ms while a rebuild (reindex, regroup) holds the
    // workspace, with who holds it; false gives up. Empty: wait until cancelled.
    std::function<bool(const std::string& holders)> waitForWriters;
};

struct ImportProgress {
    std::int64_t filesDone = 0;
    std::int64_t filesTotal = 0;
    std::int64_t bytesRead = 0; // of the current and finished files, as stored on disk
    std::int64_t bytesTotal = 0; // -1 when unknown (stdin)
    std::int64_t records = 0;
    std::int64_t eventsStored = 0;
    std::int64_t rejected = 0;
    double seconds = 0;
    std::string currentFile;
};

struct ImportSummary {
    std::int64_t files = 0;
    std::int64_t records = 0; // records read from the files
    std::int64_t events = 0; // new error/default/security/feedback events stored
    std::int64_t transactions = 0; // new transactions and span segments stored
    std::int64_t spans = 0;
    std::int64_t duplicates = 0;
    std::int64_t skippedItems = 0; // envelope items stored nowhere (sessions, client reports, ...)
    std::int64_t issuesCreated = 0;
    std::int64_t logs = 0;
    std::int64_t attachments = 0;
    std::int64_t bytes = 0;
    std::vector<Rejection> rejected;
    std::int64_t rejectedCount = 0; // may exceed rejected.size() when very many
    bool cancelled = false;
    std::string fatalError; // the import stopped (I/O or database error); batches before it are kept
    double seconds = 0;
    // CPU seconds each stage used (0 where the platform cannot tell): what
    // the benchmark shows to say which stage an import waited on.
    struct StageCpu {
        double reader = 0;
        double workers = 0; // all worker threads together
        double writer = 0; // the calling thread, from the start of run()
    } cpu;

    // 0 everything imported, 1 some records rejected, 2 the import could not run or stopped.
    int exitCode() const;
};

// Imports files into a workspace: a reader thread splits records, worker
// threads decode, group and compress them, and the calling thread writes
// them in batched transactions, in file order. Safe to cancel at any time:
// what was committed stays, and running the same import again completes it.
class ImportJob {
public:
    using ProgressFn = std::function<void(const ImportProgress&)>;
    using BatchFn = std::function<void(const store::BatchCounts&)>;

    ImportJob(std::string workspacePath, ImportOptions options);

    ImportSummary run(const std::vector<std::string>& paths, const std::atomic<bool>* cancel = nullptr,
        const ProgressFn& progress = {}, const BatchFn& batchWritten = {});

private:
    std::string m_workspacePath;
    ImportOptions m_options;
};

} // namespace stackdeck
