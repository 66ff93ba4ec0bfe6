#pragma once

#include "importjob.h"

#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>

namespace stackdeck {

// The writer's side: each in-order part is written as soon as it arrives, into
// a transaction that stays open until it holds batchSize records or is a
// second old. The workers go on preparing while the writer writes, and no
// batch of prepared events waits in memory for its turn. In a large workspace
// both limits grow with the writer's page cache (store/importsizing.h), the
// size up to 5x and the age up to 2.5 s: the rate no longer falls as the
// workspace grows.
class BatchedWriter {
public:
    BatchedWriter(store::EventWriter& writer, ImportSummary& summary, int batchSize, const ImportJob::BatchFn& written);

    bool failed() const { return m_failed; }
    // When the open transaction must be committed even if no part arrives.
    std::optional<std::chrono::steady_clock::time_point> deadline() const;
    // Writes a part; commits when the transaction holds batchSize records or is
    // a second old (both as sized above). True when it began a transaction and
    // another connection had committed since the last one (the caller's loaded
    // rules may be stale).
    bool write(const PreparedBatch& part);
    // Commits the open transaction; drops it instead when the import stopped
    // (cancelled or failed), as if what it holds had never been read.
    void commit(bool stopped);
    // Writes the writer's deferred tag counts after a commit once they cover
    // this many events (store/tagcounts.h); 0: never here.
    void flushTagCountsEvery(std::int64_t events) { m_tagCountsEvery = events; }

private:
    void fail(const std::exception& e);
    std::chrono::steady_clock::duration maxAge() const;

    store::EventWriter& m_writer;
    ImportSummary& m_summary;
    std::int64_t m_batchSize;
    const ImportJob::BatchFn& m_written;
    bool m_failed = false;
    std::int64_t m_openRecords = 0;
    std::int64_t m_tagCountsEvery = 0;
    double m_commitScale = 1; // store::ImportSizing, taken when a transaction begins
    double m_commitSeconds = 1;
    std::chrono::steady_clock::time_point m_openedAt = std::chrono::steady_clock::now();
};

} // namespace stackdeck
