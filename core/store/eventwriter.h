#pragma once

#include "model/ids.h"
#include "preparedevent.h"
#include "sqlite.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace stackdeck::store {

struct BatchCounts {
    std::int64_t inserted = 0;
    std::int64_t duplicates = 0;
    std::int64_t issuesCreated = 0;
    std::int64_t spans = 0;
    std::int64_t transactions = 0;
    std::int64_t logs = 0;
    std::int64_t attachments = 0;

    BatchCounts& operator+=(const BatchCounts& o)
    {
        inserted += o.inserted;
        duplicates += o.duplicates;
        issuesCreated += o.issuesCreated;
        spans += o.spans;
        transactions += o.transactions;
        logs += o.logs;
        attachments += o.attachments;
        return *this;
    }
};

// The single writer of a workspace. One batch = one transaction, so a crash
// at any moment leaves whole batches or nothing, and because events are
// unique by (project, event_id), re-running an import completes it exactly.
// Issue aggregates (counts, first/last seen, users, tag values, hourly
// histogram, search rows) are kept up to date here, per batch.
class EventWriter {
public:
    explicit EventWriter(sql::Database& db);
    ~EventWriter();

    // Writes the batch in one transaction; on an SQL error nothing of the batch
    // stays and the error propagates as sql::SqliteError.
    BatchCounts writeBatch(const PreparedBatch& batch);

    // For reindex: derived rows of an already stored event (its row id and
    // payload stay). Must run inside a caller's transaction; call flush() before commit.
    void rederive(EventRowId row, const PreparedEvent& event, BatchCounts& counts);
    void flush();

    ProjectId ensureProject(const std::string& name);
    SourceId ensureSource(const std::string& kind, const std::string& location, const std::string& label);
    void forgetCaches(); // after reindex/regroup rewrote issue tables

private:
    struct IssueDelta;
    IssueId resolveIssue(ProjectId project, const PreparedEvent& event, BatchCounts& counts);
    void deriveRows(EventRowId row, IssueId issue, const PreparedEvent& event);
    void writeEvent(const PreparedEvent& event, BatchCounts& counts);
    void writeLog(const PreparedLog& log, BatchCounts& counts);
    void writeAttachment(const PreparedAttachment& attachment, BatchCounts& counts);
    std::int64_t tagId(const std::string& key, const std::string& value);
    IssueDelta& delta(IssueId issue);

    sql::Database& m_db;
    std::unordered_map<std::string, ProjectId> m_projects;
    std::map<std::pair<std::int64_t, std::string>, IssueId> m_hashToIssue;
    std::map<std::pair<std::string, std::string>, std::int64_t> m_tagIds;
    std::unordered_map<std::int64_t, std::unique_ptr<IssueDelta>> m_deltas;
    std::int64_t m_now = 0;
};

} // namespace stackdeck::store
