#pragma once

#include "issueaggregates.h"
#include "model/ids.h"
#include "preparedevent.h"
#include "projecttextkey.h"
#include "rowkeys.h"
#include "sqlite.h"
#include "tagcounts.h"
#include "util/flatu64set.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
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

    BatchCounts& operator+=(const BatchCounts& o);
};

// The single writer of a workspace. One batch = one transaction, so a crash
// at any moment leaves whole batches or nothing, and because events are
// unique by (project, event_id), re-running an import completes it exactly.
// Issue aggregates (counts, first/last seen, users, tag values, hourly
// histogram, search rows) are kept up to date here, per batch, with bulk
// statements: a batch costs a few statements per event, not dozens.
// One file per job: eventwriter.cpp (projects, tags, issues and their ids),
// eventwriterimport.cpp (import writes), eventwriterrewrite.cpp (reindex and
// regroup rewrites), eventwriteraggregates.cpp (derived rows and search),
// eventwritersideitems.cpp (sources, logs, attachments).
class EventWriter {
public:
    explicit EventWriter(sql::Database& db);
    ~EventWriter();

    // Writes the batch in one transaction; on an SQL error nothing of the batch
    // stays and the error propagates as sql::SqliteError.
    BatchCounts writeBatch(const PreparedBatch& batch);

    // The same transaction, fed in parts as they arrive, so an importer writes
    // while its workers prepare the next part instead of holding a whole batch
    // in memory. write() needs begin() first; after an error from write() or
    // commit(), call rollback(): nothing since begin() stays.
    void begin();
    void write(const PreparedBatch& part);
    BatchCounts commit(); // what the transaction stored
    void rollback();
    bool inTransaction() const { return m_tx.has_value(); }
    sql::Database& database() { return m_db; } // for work after a commit (triage re-evaluation)
    // Whether another connection had committed when the open transaction began
    // (PRAGMA data_version); the caches were dropped then. Rules loaded by the
    // caller may be stale too.
    bool othersCommitted() const { return m_othersCommitted; }

    // For reindex: derived rows of an already stored event (its row id and
    // payload stay). Runs inside a caller's transaction; call flush() before commit.
    // Returns the event's issue (invalid for transactions).
    IssueId rederive(EventRowId row, const PreparedEvent& event, BatchCounts& counts);
    // For regroup: as rederive(), but only what grouping decides changes in
    // the event's row (its issue, hashes, title and culprit); the rest of the
    // row, its spans and its tag ids stay as they are.
    IssueId regroup(EventRowId row, const PreparedEvent& event, BatchCounts& counts);
    // As regroup(), for a caller that decided each event's issue itself: into
    // `issue`, or into a new issue (made from this event) when `issue` is
    // invalid. Attaches no hashes: the caller writes issue_hashes. Returns the issue.
    IssueId regroupInto(EventRowId row, const PreparedEvent& event, IssueId issue, BatchCounts& counts);
    void flush();

    // An import's tag counts (tagcounts.h): write() keeps them in memory
    // across commits instead of upserting issue_tags in each, and
    // flushDeferredTagCounts() writes them in bulk, in a transaction of its
    // own. Until then issue_tags lags behind the stored events, and a crash
    // leaves those events to the next writer's catchUpTagCounts.
    void deferTagCounts() { m_deferTags = true; }
    std::int64_t deferredTagEvents() const { return m_deferredEvents; } // committed, not yet counted
    // The transaction that takes row_keys_new to this many rows moves them
    // into row_keys (rowkeys.h; kNewRowKeysToMove unless a test sets fewer).
    void moveRowKeysAt(std::int64_t rows) { m_rowKeysToMove = rows; }
    void flushDeferredTagCounts();

    ProjectId ensureProject(const std::string& name);
    SourceId ensureSource(const std::string& kind, const std::string& location, const std::string& label);
    void forgetCaches(); // after a rollback, or after reindex/regroup rewrote issue tables
    // Regroup: a new issue takes its event's issueIdHint when no issue has that
    // id yet, else a fresh id from `firstId` up (above every old id, so a
    // fresh issue never takes an id an old issue's events could still claim).
    void assignIssueIdsFrom(std::int64_t firstId) { m_issueIdFloor = firstId; }
    // Reindex: an issue keeps the id its hashes had before the rebuild
    // (reindexparking.h), merged hashes included.
    void keepIssueIds() { m_keepIssueIds = true; }
    // A fresh id is above every id the workspace ever gave out (meta
    // issue_id_high_water, raised by flush()): an id is never reused for another issue.

private:
    IssueId resolveIssue(ProjectId project, const PreparedEvent& event, BatchCounts& counts);
    IssueId createIssue(ProjectId project, const PreparedEvent& event, BatchCounts& counts, std::int64_t id = 0);
    std::int64_t parkedIssueOf(ProjectId project, const std::string& hash);
    bool issueExists(std::int64_t id);
    std::int64_t freshIssueId();
    void updateEventRow(
        EventRowId row, IssueId issue, const PreparedEvent& event, const std::vector<std::int64_t>& tags);
    void updateGrouping(EventRowId row, IssueId issue, const PreparedEvent& event);
    std::vector<std::int64_t> tagIds(const Pairs& tags);
    void deriveRows(EventRowId row, IssueId issue, const PreparedEvent& event, const std::vector<std::int64_t>& tags,
        bool deferTags = false);
    void indexSearchTexts(IssueId issue, const PreparedEvent& event);
    // True when the issue had not indexed this text before (remembered now).
    bool rememberText(IssueId issue, std::uint64_t textHash);
    void addSearchRow(IssueId issue, const std::string& title, const std::string& body);
    std::unordered_set<std::string> existingEventIds(
        ProjectId project, const std::vector<const PreparedEvent*>& events);
    void writeLog(const PreparedLog& log, BatchCounts& counts);
    void writeAttachment(const PreparedAttachment& attachment, BatchCounts& counts);

    sql::Database& m_db;
    IssueAggregates m_aggregates;
    std::unordered_map<std::string, ProjectId> m_projects;
    ProjectTextMap<IssueId> m_hashToIssue;
    std::unordered_map<std::string, std::int64_t> m_tagIds; // "key\0value" -> tags.id
    std::string m_tagKey; // reused lookup key for m_tagIds
    FlatU64Set m_knownTexts {1 << 22}; // (issue, text) pairs already indexed
    struct SearchRows {
        std::int64_t next = 0; // row number of the issue's next search row
        std::int64_t limit = 0; // no rows from here on
        bool full() const;
    };
    SearchRows& searchRowsOf(IssueId issue); // read once per issue, then kept up to date
    std::unordered_map<std::int64_t, SearchRows> m_searchRows; // issue -> its rows in `search`
    std::int64_t m_dataVersion = -1; // PRAGMA data_version at the last begin()
    bool m_othersCommitted = false;
    struct PendingSearchRow {
        std::int64_t rowid;
        std::string title;
        std::string body;
    };
    std::vector<PendingSearchRow> m_pendingSearch; // written by flush(), after every other row of the batch
    // (project, release) -> the earliest event of the batch with it; flush() upserts `releases`.
    ProjectTextMap<Micros> m_releases;
    void noteRelease(ProjectId project, const PreparedEvent& event);
    std::int64_t m_now = 0;
    std::int64_t m_issueIdFloor = 0; // assignIssueIdsFrom(); 0: no id hints
    std::int64_t m_nextIssueId = 0; // 0: not read yet (in this transaction)
    std::int64_t m_highWaterPending = 0; // the highest id given out since the last flush()
    std::int64_t m_newRowKeys = -1; // rows in row_keys_new as this writer counts them; -1: not read yet
    std::int64_t m_rowKeysToMove = kNewRowKeysToMove; // or a test's
    bool m_keepIssueIds = false;
    std::optional<sql::Transaction> m_tx; // begin() .. commit()
    bool m_deferTags = false;
    bool m_flushDeferred = false; // the open transaction writes the deferred counts
    // Deferred counts: exactly the events above the mark, when not empty,
    // those of the open transaction included (a rollback drops them all). One
    // table: a table per transaction, grown afresh and merged into this one at
    // each commit, took 7.6% of the writer's samples at a million events
    // (rehashing, and the kernel zeroing its new pages).
    TagCounts m_deferredTags;
    std::int64_t m_deferredEvents = 0;
    std::optional<std::int64_t> m_tagMark; // the mark this writer's deferred counts start from
    BatchCounts m_txCounts;
};

} // namespace stackdeck::store
