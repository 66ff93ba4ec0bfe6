#include "reindexjob.h"

#include "eventpreparer.h"
#include "projectgroupings.h"
#include "store/eventwriter.h"
#include "store/reindexparking.h"
#include "store/tracerows.h"
#include "store/workspace.h"
#include "store/writerlock.h"
#include "storedeventscan.h"

#include <chrono>

namespace stackdeck {

ReindexJob::ReindexJob(std::string workspacePath)
    : m_workspacePath(std::move(workspacePath))
{
}

bool ReindexJob::isInterrupted(const std::string& workspacePath)
{
    auto ws = store::Workspace::open(workspacePath, store::Workspace::Mode::ReadOnly);
    if (!ws)
        return false;
    return store::reindexInterrupted((*ws)->db());
}

ReindexSummary ReindexJob::run(const std::atomic<bool>* cancel, const ProgressFn& progress)
{
    const auto started = std::chrono::steady_clock::now();
    ReindexSummary summary;
    auto writerLock = store::WriterLock::acquire(m_workspacePath, store::WriterLock::Kind::Exclusive, "reindex",
        [&](const std::string& holders) { return !(cancel && cancel->load()) && (!m_wait || m_wait(holders)); });
    if (!writerLock) {
        summary.cancelled = cancel && cancel->load();
        if (!summary.cancelled)
            summary.fatalError = writerLock.error().message;
        return summary;
    }
    auto ws = store::Workspace::open(m_workspacePath);
    if (!ws) {
        summary.fatalError = ws.error().message;
        return summary;
    }
    sql::Database& db = (*ws)->db();
    try {
        {
            // A resumed reindex keeps what the first attempt parked: the
            // half-built index holds no triage.
            sql::Transaction tx(db);
            store::parkForReindex(db);
            tx.commit();
        }

        store::EventWriter writer(db);
        writer.keepIssueIds(); // from the parked issue_hashes
        store::BatchCounts counts;
        StoredEventScanOptions scan;
        scan.groupings = ProjectGroupings::load(db);
        const StoredEventScanResult scanned = scanStoredEvents(
            m_workspacePath, scan,
            [&](std::vector<ScannedEvent>& batch) {
                sql::Transaction tx(db);
                for (ScannedEvent& e : batch) {
                    if (!e.decoded) {
                        ++summary.failed;
                        continue;
                    }
                    writer.rederive(e.row, e.prepared, counts);
                    ++summary.events;
                }
                writer.flush();
                tx.commit();
            },
            cancel, progress);
        summary.cancelled = scanned.cancelled;
        if (!scanned.fatalError.empty())
            throw std::runtime_error(scanned.fatalError);
        summary.issues = counts.issuesCreated;

        if (!summary.cancelled) {
            sql::Transaction tx(db);
            summary.triageRestored = store::restoreAfterReindex(db);
            store::rebuildTraces(db);
            tx.commit();
        }
    } catch (const std::exception& e) {
        summary.fatalError = e.what();
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace stackdeck
