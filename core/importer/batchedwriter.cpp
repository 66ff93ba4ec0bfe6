#include "batchedwriter.h"

#include "store/importsizing.h"
#include "store/triageevaluation.h"

namespace stackdeck {

BatchedWriter::BatchedWriter(
    store::EventWriter& writer, ImportSummary& summary, int batchSize, const ImportJob::BatchFn& written)
    : m_writer(writer)
    , m_summary(summary)
    , m_batchSize(batchSize)
    , m_written(written)
{
}

std::optional<std::chrono::steady_clock::time_point> BatchedWriter::deadline() const
{
    if (!m_writer.inTransaction())
        return std::nullopt;
    return m_openedAt + maxAge();
}

std::chrono::steady_clock::duration BatchedWriter::maxAge() const
{
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(m_commitSeconds));
}

bool BatchedWriter::write(const PreparedBatch& part)
{
    bool othersCommitted = false;
    if (!part.empty() && !m_failed) {
        try {
            if (!m_writer.inTransaction()) {
                const store::ImportSizing sizing = store::sizeImportWriter(m_writer.database());
                m_commitScale = sizing.commitScale;
                m_commitSeconds = sizing.commitSeconds;
                m_writer.begin();
                m_openedAt = std::chrono::steady_clock::now();
                othersCommitted = m_writer.othersCommitted();
            }
            m_writer.write(part);
            m_openRecords += static_cast<std::int64_t>(part.size());
        } catch (const std::exception& e) {
            fail(e);
        }
    }
    if (static_cast<double>(m_openRecords) >= static_cast<double>(m_batchSize) * m_commitScale
        || std::chrono::steady_clock::now() - m_openedAt >= maxAge())
        commit(false);
    return othersCommitted;
}

void BatchedWriter::commit(bool stopped)
{
    if (!m_writer.inTransaction())
        return;
    if (m_failed || stopped) {
        m_writer.rollback();
        m_openRecords = 0;
        return;
    }
    try {
        const store::BatchCounts counts = m_writer.commit();
        m_openRecords = 0;
        m_summary.events += counts.inserted - counts.transactions;
        m_summary.transactions += counts.transactions;
        m_summary.spans += counts.spans;
        m_summary.duplicates += counts.duplicates;
        m_summary.issuesCreated += counts.issuesCreated;
        m_summary.logs += counts.logs;
        m_summary.attachments += counts.attachments;
        // Resolved and ignored issues that got events may come back (regressions, ignore conditions).
        if (auto reopened = store::reevaluateTriage(m_writer.database()); !reopened)
            m_summary.fatalError = reopened.error().message;
        if (m_tagCountsEvery > 0 && m_writer.deferredTagEvents() >= m_tagCountsEvery)
            m_writer.flushDeferredTagCounts();
        if (m_written)
            m_written(counts);
    } catch (const std::exception& e) {
        fail(e);
    }
}

void BatchedWriter::fail(const std::exception& e)
{
    m_summary.fatalError = std::string("database write failed: ") + e.what();
    m_failed = true;
    try {
        m_writer.rollback();
    } catch (const std::exception&) { // the connection is gone, and the transaction with it
    }
    m_openRecords = 0;
}

} // namespace stackdeck
