#include "ingestbatchwriter.h"

#include "triageevaluation.h"

#include <sqlite3.h>

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
    m_changesAfterLastCommit = sqlite3_total_changes64(m_db.handle());
    return id;
}

BatchCounts IngestBatchWriter::write(const std::vector<const PreparedBatch*>& parts)
{
    if (m_changesAfterLastCommit >= 0 && sqlite3_total_changes64(m_db.handle()) != m_changesAfterLastCommit)
        m_writer->forgetCaches(); // another job of this process wrote through the same connection
    BatchCounts counts;
    try {
        m_writer->begin();
        for (const PreparedBatch* part : parts)
            m_writer->write(*part);
        counts = m_writer->commit();
    } catch (...) {
        if (m_writer->inTransaction())
            m_writer->rollback();
        m_writer->forgetCaches();
        m_changesAfterLastCommit = -1;
        throw;
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
    auto reopened = reevaluateTriage(m_db);
    m_changesAfterLastCommit = sqlite3_total_changes64(m_db.handle());
    m_triageError = reopened ? std::string() : reopened.error().message;
    m_triagePending = false;
    m_lastTriage = std::chrono::steady_clock::now();
}

} // namespace stackdeck::store
