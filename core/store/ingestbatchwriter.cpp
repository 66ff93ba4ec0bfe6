#include "ingestbatchwriter.h"

#include "importsizing.h"
#include "triageevaluation.h"

#include <sqlite3.h>
#include <utility>

namespace stackdeck::store {

IngestBatchWriter::IngestBatchWriter(sql::Database& db)
    : m_db(db)
    , m_writer(std::make_unique<EventWriter>(db))
    , m_checkpointer(std::make_unique<BackgroundCheckpointer>(db))
{
}

IngestBatchWriter::~IngestBatchWriter() = default;

SourceId IngestBatchWriter::ensureSource(const std::string& location, const std::string& label)
{
    const SourceId id = m_writer->ensureSource("endpoint", location, label);
    m_sourceId = id.value;
    m_changesAfterLastCommit = sqlite3_total_changes64(m_db.handle());
    return id;
}

void IngestBatchWriter::markIssues()
{
    // What others wrote meanwhile (a regroup's new issues, a triage run by the window) is not ours to announce.
    sql::Statement issues(m_db, "SELECT coalesce(max(id), 0) FROM issues");
    issues.step();
    m_issueMark = issues.int64(0);
    sql::Statement activity(m_db, "SELECT coalesce(max(id), 0) FROM issue_activity");
    activity.step();
    m_activityMark = activity.int64(0);
}

BatchCounts IngestBatchWriter::write(
    const std::vector<const PreparedBatch*>& parts, const std::vector<const std::vector<KeptItemRow>*>& kept)
{
    if (m_changesAfterLastCommit >= 0 && sqlite3_total_changes64(m_db.handle()) != m_changesAfterLastCommit) {
        m_writer->forgetCaches(); // another job of this process wrote through the same connection
        m_keptTotalsKnown = false;
        m_issueMark = -1;
    }
    if (m_issueMark < 0)
        markIssues();
    BatchCounts counts;
    std::int64_t keptRows = 0;
    std::int64_t keptBytes = 0;
    try {
        // As an import's writer: a cache that holds the random-key index pages a commit dirties, so a
        // workspace of a million events is not read back and spilled mid-transaction (importsizing.h).
        // Commits here are group commits of what arrived; only the cache is taken, once a few seconds.
        if (const auto now = std::chrono::steady_clock::now(); now - m_lastSizing > std::chrono::seconds(5)) {
            sizeImportWriter(m_db);
            m_lastSizing = now;
        }
        m_writer->begin();
        for (const PreparedBatch* part : parts)
            m_writer->write(*part);
        for (const auto* rows : kept) {
            if (rows->empty())
                continue;
            insertKeptItems(m_db, *rows, m_sourceId);
            keptRows += static_cast<std::int64_t>(rows->size());
            for (const KeptItemRow& row : *rows)
                keptBytes += static_cast<std::int64_t>(row.data.size());
        }
        if (keptRows > 0) {
            if (!m_keptTotalsKnown) {
                m_keptTotals = keptItemsTotals(m_db); // includes this transaction's rows
                m_keptTotalsKnown = true;
            } else {
                m_keptTotals.rows += keptRows;
                m_keptTotals.bytes += keptBytes;
            }
            if (m_keptTotals.rows > m_retention.maxRows || m_keptTotals.bytes > m_retention.maxBytes) {
                pruneKeptItems(m_db, m_retention);
                m_keptTotals = keptItemsTotals(m_db);
            }
        }
        counts = m_writer->commit();
    } catch (...) {
        if (m_writer->inTransaction())
            m_writer->rollback();
        m_writer->forgetCaches();
        m_changesAfterLastCommit = -1;
        m_keptTotalsKnown = false;
        throw;
    }
    if (counts.issuesCreated > 0) {
        sql::Statement created(m_db, "SELECT id FROM issues WHERE id > ?1 ORDER BY id");
        created.bind(1, m_issueMark);
        while (created.step()) {
            m_news.created.push_back(created.int64(0));
            m_issueMark = created.int64(0);
        }
    }
    m_changesAfterLastCommit = sqlite3_total_changes64(m_db.handle());
    m_triagePending = true;
    if (std::chrono::steady_clock::now() - m_lastTriage >= std::chrono::seconds(1))
        reevaluateTriageNow();
    return counts;
}

void IngestBatchWriter::reevaluateTriageNow()
{
    if (!m_triagePending)
        return;
    // Resolved and ignored issues that got events may come back; the events are committed either way.
    if (m_activityMark < 0)
        markIssues();
    auto reopened = reevaluateTriage(m_db);
    if (reopened && *reopened > 0) {
        sql::Statement back(m_db,
            "SELECT DISTINCT issue_id FROM issue_activity WHERE id > ?1 AND kind = 'status' AND author = ?2 "
            "ORDER BY issue_id");
        back.bind(1, m_activityMark).bind(2, kSystemAuthor);
        while (back.step())
            m_news.cameBack.push_back(back.int64(0));
    }
    {
        sql::Statement top(m_db, "SELECT coalesce(max(id), 0) FROM issue_activity");
        top.step();
        m_activityMark = top.int64(0);
    }
    m_changesAfterLastCommit = sqlite3_total_changes64(m_db.handle());
    m_triageError = reopened ? std::string() : reopened.error().message;
    m_triagePending = false;
    m_lastTriage = std::chrono::steady_clock::now();
}

IngestBatchWriter::IssueNews IngestBatchWriter::takeIssueNews()
{
    return std::exchange(m_news, IssueNews {});
}

} // namespace stackdeck::store
