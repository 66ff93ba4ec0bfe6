#pragma once

#include "backgroundcheckpointer.h"
#include "eventwriter.h"
#include "keptitems.h"
#include "preparedevent.h"
#include "sqlite.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stackdeck::store {

// The local endpoint's writer (core/ingest): many small requests, each one
// PreparedBatch, committed together in one transaction (group commit), with
// the same EventWriter and the same triage re-evaluation as a file import.
//
// It lives as long as the endpoint runs and keeps the EventWriter's caches
// between transactions. The connection is the session's single write
// connection, which other jobs of this process use too: when anything else
// changed rows through it since our last commit (sqlite3_total_changes), the
// caches are dropped before the next transaction; commits of other
// connections are caught by EventWriter::begin() (data_version).
class IngestBatchWriter {
public:
    // `db` must outlive this object; use it (and construct and destroy this
    // object) only while holding the session's write lease. While it lives,
    // WAL checkpoints run on a connection of their own (BackgroundCheckpointer)
    // instead of inside one of the endpoint's commits, which would then wait
    // for the disk while every client waits for its answer.
    explicit IngestBatchWriter(sql::Database& db);
    ~IngestBatchWriter();

    // The source row all of the endpoint's events point at ("endpoint", its URL).
    SourceId ensureSource(const std::string& location, const std::string& label);

    // Writes the parts and the kept items (envelope items not interpreted or
    // refused, keptitems.h) in one transaction and commits; on an error
    // nothing stays and the error propagates (sql::SqliteError). The kept
    // items are bounded by `retention`: past it the oldest go, in the same
    // transaction.
    BatchCounts write(
        const std::vector<const PreparedBatch*>& parts, const std::vector<const std::vector<KeptItemRow>*>& kept = {});
    void setKeptRetention(const KeptItemsRetention& retention) { m_retention = retention; }

    // Issues that the endpoint's commits created, and issues its triage
    // re-evaluations brought back (regressed, escalating: an activity row by
    // Stackdeck), since the last call; each ascending. For alerts.
    struct IssueNews {
        std::vector<std::int64_t> created;
        std::vector<std::int64_t> cameBack;
        bool empty() const { return created.empty() && cameBack.empty(); }
    };
    IssueNews takeIssueNews();

    // Triage conditions of the issues that got events (regressions, ignore
    // conditions) are re-evaluated as an import does after a batch, but at
    // most once a second: at hundreds of small commits a second the
    // re-evaluation (its own transaction) would cost more than the writes.
    // It is idempotent and remembers what it looked at, so deferring it only
    // delays a regression by up to a second. write() runs it when due; the
    // caller runs it when the endpoint goes idle or stops.
    bool triagePending() const { return m_triagePending; }
    void reevaluateTriageNow();
    // Why the last re-evaluation of triage failed ("" when it did not).
    const std::string& triageError() const { return m_triageError; }

private:
    void markIssues();
    sql::Database& m_db;
    std::unique_ptr<EventWriter> m_writer;
    std::unique_ptr<BackgroundCheckpointer> m_checkpointer;
    std::int64_t m_changesAfterLastCommit = -1;
    std::string m_triageError;
    bool m_triagePending = false;
    std::chrono::steady_clock::time_point m_lastTriage {};
    std::chrono::steady_clock::time_point m_lastSizing {}; // the page cache follows the workspace's size
    std::int64_t m_sourceId = 0;
    KeptItemsRetention m_retention;
    KeptItemsTotals m_keptTotals;
    bool m_keptTotalsKnown = false;
    std::int64_t m_issueMark = -1; // the newest issue id before our commits
    std::int64_t m_activityMark = -1; // the newest activity row before our triage
    IssueNews m_news;
};

} // namespace stackdeck::store
