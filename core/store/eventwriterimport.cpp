// EventWriter's import writes: a batch of new events in one transaction,
// duplicates skipped by (project, event id), and the event row's columns
// shared with a reindex's rewrite (eventwriter.h).

#include "eventqueries.h"
#include "eventwriter.h"
#include "jsonrows.h"
#include "payloaddictrows.h"
#include "rowkeys.h"

#include <stdexcept>
#include <utility>

namespace stackdeck::store {

namespace {
std::string tagIdsJson(const std::vector<std::int64_t>& ids)
{
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            out += ',';
        out += std::to_string(ids[i]);
    }
    out += ']';
    return out;
}

// The derived columns an event row shares between insert and update, from
// issue_id to tag_ids, bound from parameter `first` on.
void bindDerivedColumns(
    sql::Statement& st, int first, IssueId issue, const PreparedEvent& event, const std::string& tags)
{
    if (issue.isValid())
        st.bind(first, issue.value);
    else
        st.bindNull(first);
    st.bind(first + 1, static_cast<int>(event.type))
        .bind(first + 2, static_cast<int>(event.level))
        .bindOrNull(first + 3, event.platform)
        .bind(first + 4, event.timestamp)
        .bind(first + 5, event.received)
        .bind(first + 6, event.durationUs)
        .bindOrNull(first + 7, event.title)
        .bindOrNull(first + 8, event.culprit)
        .bindOrNull(first + 9, event.message)
        .bindOrNull(first + 10, event.release)
        .bindOrNull(first + 11, event.environment)
        .bindOrNull(first + 12, event.userKey)
        .bindOrNull(first + 13, event.traceId)
        .bindOrNull(first + 14, event.spanId)
        .bindOrNull(first + 15, event.transaction)
        .bindOrNull(first + 16, event.hashes.empty() ? std::string() : event.hashes.front())
        .bindOrNull(first + 17, event.hashesText())
        .bind(first + 18, tags)
        .bindOrNull(first + 19, event.parentSpanId)
        .bindOrNull(first + 20, event.spanOp)
        .bindOrNull(first + 21, event.spanStatus)
        .bindOrNull(first + 22, event.service);
}
std::optional<std::int64_t> traceKeyOf(sql::Database& db, const PreparedEvent& event)
{
    if (event.traceId.empty())
        return std::nullopt;
    return rowKey(db, event.traceId);
}

void bindKey(sql::Statement& st, int index, std::optional<std::int64_t> key)
{
    if (key)
        st.bind(index, *key);
    else
        st.bindNull(index);
}
} // namespace

std::unordered_set<std::string> EventWriter::existingEventIds(
    ProjectId project, const std::vector<const PreparedEvent*>& events)
{
    const std::string& seed = rowKeySeed(m_db);
    JsonRows ids;
    for (const PreparedEvent* e : events) {
        ids.beginRow();
        ids.add(rowKey(seed, e->eventId));
        ids.add(e->eventId);
        ids.endRow();
    }
    std::unordered_set<std::string> out;
    // By key, from both key tables (rowkeys.h), the text compared too: keys
    // may collide. CROSS JOIN keeps the ids outermost whatever statistics a
    // workspace holds (with row_keys counted empty, SQLite would walk all of it).
    auto& st = m_db.cached("SELECT e.event_id FROM json_each(?2) j CROSS JOIN row_keys k ON k.kind = 0 "
                           "AND k.key = j.value ->> 0 CROSS JOIN events e ON e.id = k.event_rowid "
                           "AND e.event_id = j.value ->> 1 WHERE e.project_id = ?1 "
                           "UNION ALL SELECT e.event_id FROM json_each(?2) j CROSS JOIN row_keys_new k ON k.kind = 0 "
                           "AND k.key = j.value ->> 0 CROSS JOIN events e ON e.id = k.event_rowid "
                           "AND e.event_id = j.value ->> 1 WHERE e.project_id = ?1");
    st.bind(1, project.value).bind(2, ids.text());
    while (st.step())
        out.insert(st.text(0));
    st.reset();
    return out;
}

void EventWriter::updateEventRow(
    EventRowId row, IssueId issue, const PreparedEvent& event, const std::vector<std::int64_t>& tags)
{
    auto& update = m_db.cached(
        "UPDATE events SET issue_id = ?2, type = ?3, level = ?4, platform = ?5, timestamp = ?6, received = ?7, "
        "duration_us = ?8, title = ?9, culprit = ?10, message = ?11, release = ?12, environment = ?13, user_key = ?14, "
        "trace_id = ?15, span_id = ?16, transaction_name = ?17, primary_hash = ?18, hashes = ?19, tag_ids = ?20, "
        "parent_span_id = ?21, span_op = ?22, span_status = ?23, service = ?24, trace_key = ?25 WHERE id = ?1");
    auto& current = m_db.cached("SELECT trace_key FROM events WHERE id = ?1");
    current.bind(1, row.value);
    std::optional<std::int64_t> oldTraceKey;
    if (current.step() && !current.isNull(0))
        oldTraceKey = current.int64(0);
    current.reset();
    const std::optional<std::int64_t> traceKey = traceKeyOf(m_db, event);
    update.bind(1, row.value);
    bindDerivedColumns(update, 2, issue, event, tagIdsJson(tags));
    bindKey(update, 25, traceKey);
    update.run();
    replaceTraceKey(m_db, row.value, oldTraceKey, traceKey);
}

BatchCounts EventWriter::writeBatch(const PreparedBatch& batch)
{
    begin();
    try {
        write(batch);
        return commit();
    } catch (...) {
        rollback();
        throw;
    }
}

void EventWriter::begin()
{
    if (m_tx)
        throw std::logic_error("EventWriter::begin: a transaction is already open");
    m_tx.emplace(m_db);
    m_txCounts = {};
    // Another connection (an import beside this one, a triage action, another
    // process) committed since this writer's last transaction: the issue ids,
    // tag ids and search row numbers it cached may be stale. BEGIN IMMEDIATE
    // holds the write lock, so nobody commits between this check and our commit.
    auto& version = m_db.cached("PRAGMA data_version");
    version.step();
    const std::int64_t now = version.int64(0);
    version.reset();
    m_othersCommitted = m_dataVersion >= 0 && now != m_dataVersion;
    if (m_othersCommitted)
        forgetCaches();
    m_dataVersion = now;
    if (m_newRowKeys < 0)
        m_newRowKeys = newRowKeyCount(m_db);
    // The events above the tag counts mark are counted before this
    // transaction adds any, unless they are exactly the ones this writer
    // holds deferred counts for: nobody wrote since, and nobody counted them
    // (moved the mark; this connection may have, in a merge).
    if (!m_deferredTags.empty() && (m_othersCommitted || tagCountsMark(m_db) != m_tagMark)) {
        m_deferredTags.clear(); // the rows decide now
        m_deferredEvents = 0;
    }
    if (m_deferredTags.empty()) {
        catchUpTagCounts(m_db);
        if (m_deferTags) { // counts from here on are deferred: the mark says which events lack them
            m_tagMark = newestEventRow(m_db);
            setTagCountsMark(m_db, *m_tagMark);
        }
    }
}

BatchCounts EventWriter::commit()
{
    flush();
    m_tx->commit();
    m_tx.reset();
    if (m_deferTags && !m_flushDeferred)
        m_deferredEvents += m_txCounts.inserted;
    return std::exchange(m_txCounts, {});
}

void EventWriter::flushDeferredTagCounts()
{
    if (!m_deferTags)
        return;
    begin(); // another connection wrote meanwhile: then the rows are counted instead
    m_flushDeferred = true;
    try {
        commit();
    } catch (...) {
        m_flushDeferred = false;
        rollback();
        throw;
    }
    m_flushDeferred = false;
}

void EventWriter::rollback()
{
    m_tx.reset(); // rolls back what is still open
    m_txCounts = {};
    // The deferred counts took this transaction's events as they came: they
    // are no longer of stored events only, so the rows decide (begin() counts
    // the committed ones above the mark back from events.tag_ids). Rare: a
    // failed write or a cancelled import.
    m_deferredTags.clear();
    m_deferredEvents = 0;
    forgetCaches(); // the cached ids and pending rows made in it are gone too
    m_highWaterPending = 0;
}

void EventWriter::write(const PreparedBatch& batch)
{
    BatchCounts& counts = m_txCounts;
    // Which events are already stored (by an earlier import, or an earlier
    // part of this transaction): one query per project for the whole part.
    std::map<std::int64_t, std::vector<const PreparedEvent*>> byProject;
    std::vector<ProjectId> projects;
    projects.reserve(batch.events.size());
    for (const PreparedEvent& event : batch.events) {
        const ProjectId project = ensureProject(event.project);
        projects.push_back(project);
        byProject[project.value].push_back(&event);
    }
    std::map<std::int64_t, std::unordered_set<std::string>> seen;
    for (const auto& [project, events] : byProject)
        seen[project] = existingEventIds(ProjectId(project), events);

    auto& insert = m_db.cached(
        "INSERT INTO events(project_id, event_id, issue_id, type, level, platform, timestamp, received, "
        "duration_us, title, culprit, message, release, environment, user_key, trace_id, span_id, "
        "transaction_name, primary_hash, hashes, tag_ids, parent_span_id, span_op, span_status, service, source_id, "
        "event_key, trace_key) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)");
    auto& payload = m_db.cached("INSERT INTO event_payloads(event_rowid, item_type, content_type, codec, raw_size, "
                                "data) VALUES(?1, ?2, ?6, ?3, ?4, ?5)");

    NewRowKeys newKeys; // written after the loop, for the next part's lookups
    // A new row's trace is stale by its id, above meta 'trace_mark': nothing
    // per event is written for it (tracerows.h).
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        const PreparedEvent& event = batch.events[i];
        const ProjectId project = projects[i];
        if (!seen[project.value].insert(event.eventId).second) {
            ++counts.duplicates; // stored before, or twice in this part
            continue;
        }
        const IssueId issue = event.groupable ? resolveIssue(project, event, counts) : IssueId();
        const std::vector<std::int64_t> tags = tagIds(event.tags);

        insert.reset();
        insert.bind(1, project.value).bind(2, event.eventId);
        bindDerivedColumns(insert, 3, issue, event, tagIdsJson(tags));
        if (event.source.isValid())
            insert.bind(26, event.source.value);
        else
            insert.bindNull(26);
        const std::int64_t eventKey = rowKey(m_db, event.eventId);
        const std::optional<std::int64_t> traceKey = traceKeyOf(m_db, event);
        insert.bind(27, eventKey);
        bindKey(insert, 28, traceKey);
        insert.run();
        const EventRowId row(m_db.lastInsertRowId());
        newKeys.add(row.value, eventKey, traceKey);

        storePayloadDictsOf(m_db, event); // with the first frame that names it, in this transaction
        payload.reset();
        payload.bind(1, row.value)
            .bind(2, event.itemType)
            .bind(3, static_cast<int>(event.codec))
            .bind(4, static_cast<std::int64_t>(event.rawSize))
            .bindBlobNoCopy(5, event.payload)
            .bind(6, event.contentType)
            .run();

        deriveRows(row, issue, event, tags, m_deferTags);
        noteRelease(project, event);
        ++counts.inserted;
        counts.spans += event.spans.count;
        if (event.isTransactionLike())
            ++counts.transactions;
    }
    m_newRowKeys += newKeys.write(m_db);
    for (const PreparedLog& log : batch.logs)
        writeLog(log, counts);
    for (const PreparedAttachment& attachment : batch.attachments)
        writeAttachment(attachment, counts);
}

} // namespace stackdeck::store
