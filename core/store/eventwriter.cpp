#include "eventwriter.h"

#include "jsonrows.h"
#include "util/hashing.h"

#include <QDateTime>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace stackdeck::store {

namespace {
constexpr std::int64_t kSearchRowsPerIssue = 1 << 20; // row id = issue << 20 | n
constexpr std::int64_t kMaxSearchRowsPerIssue = 2000; // distinct texts indexed per issue
constexpr std::size_t kHashCacheLimit = 500'000;
constexpr std::size_t kMaxSearchRowBytes = 16 * 1024;
// Frame terms and whole texts share issue_texts; the salt keeps a term from
// passing for a text that happens to read the same.
constexpr std::string_view kFrameTermSalt = "\x1f"
                                            "frame";

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
        .bind(first + 18, tags);
}
} // namespace

BatchCounts& BatchCounts::operator+=(const BatchCounts& o)
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

EventWriter::EventWriter(sql::Database& db)
    : m_db(db)
    , m_now(QDateTime::currentMSecsSinceEpoch() * 1000)
{
}

EventWriter::~EventWriter() = default;

void EventWriter::forgetCaches()
{
    m_hashToIssue.clear();
    m_aggregates.clear();
    m_projects.clear();
    m_tagIds.clear();
    m_knownTexts.clear();
    m_searchRows.clear();
    m_pendingSearch.clear();
}

ProjectId EventWriter::ensureProject(const std::string& name)
{
    if (auto it = m_projects.find(name); it != m_projects.end())
        return it->second;
    auto& upsert = m_db.cached("INSERT INTO projects(name, created_at) VALUES(?1, ?2) "
                               "ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
    upsert.bind(1, name).bind(2, m_now);
    upsert.step();
    const ProjectId id(upsert.int64(0));
    upsert.reset();
    m_projects.emplace(name, id);
    return id;
}

std::vector<std::int64_t> EventWriter::tagIds(const Pairs& tags)
{
    std::vector<std::int64_t> ids;
    ids.reserve(tags.size());
    for (const auto& [key, value] : tags) {
        if (key.empty())
            continue;
        // One buffer for every lookup: most tags are cached, and a fresh key string per tag was a fifth of tagIds().
        m_tagKey.assign(key).append(1, '\0').append(value);
        std::int64_t id = 0;
        if (auto it = m_tagIds.find(m_tagKey); it != m_tagIds.end()) {
            id = it->second;
        } else {
            auto& upsert = m_db.cached("INSERT INTO tags(key, value) VALUES(?1, ?2) "
                                       "ON CONFLICT(key, value) DO UPDATE SET key = key RETURNING id");
            upsert.bind(1, key).bind(2, value);
            upsert.step();
            id = upsert.int64(0);
            upsert.reset();
            if (m_tagIds.size() > 200'000)
                m_tagIds.clear();
            m_tagIds.emplace(m_tagKey, id);
        }
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            ids.push_back(id);
    }
    return ids;
}

IssueId EventWriter::resolveIssue(ProjectId project, const PreparedEvent& event, BatchCounts& counts)
{
    if (!event.serverGroupId.empty()) {
        auto& byServer = m_db.cached("SELECT id FROM issues WHERE project_id = ?1 AND server_id = ?2");
        byServer.bind(1, project.value).bind(2, event.serverGroupId);
        const bool found = byServer.step();
        const IssueId id = found ? IssueId(byServer.int64(0)) : IssueId();
        byServer.reset();
        if (found)
            return id;
    }

    IssueId issue;
    for (const auto& hash : event.hashes) {
        const auto key = std::make_pair(project.value, hash);
        if (auto it = m_hashToIssue.find(key); it != m_hashToIssue.end()) {
            issue = it->second;
            break;
        }
        auto& find = m_db.cached("SELECT issue_id FROM issue_hashes WHERE project_id = ?1 AND hash = ?2");
        find.bind(1, project.value).bind(2, hash);
        if (find.step())
            issue = IssueId(find.int64(0));
        find.reset();
        if (issue.isValid()) {
            m_hashToIssue.emplace(key, issue);
            break;
        }
    }

    if (!issue.isValid())
        issue = createIssue(project, event, counts);

    // Every hash of the event points at its issue from now on (as the server
    // attaches an event's new hashes to the group it joined).
    for (const auto& hash : event.hashes) {
        const auto key = std::make_pair(project.value, hash);
        if (m_hashToIssue.count(key))
            continue;
        auto& attach = m_db.cached(
            "INSERT INTO issue_hashes(project_id, hash, issue_id) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING");
        attach.bind(1, project.value).bind(2, hash).bind(3, issue.value).run();
        if (m_hashToIssue.size() > kHashCacheLimit)
            m_hashToIssue.clear();
        // Whichever issue holds the hash now (this one, or an earlier owner) is what later lookups must find.
        if (m_db.changes() > 0)
            m_hashToIssue.emplace(key, issue);
    }
    return issue;
}

IssueId EventWriter::createIssue(ProjectId project, const PreparedEvent& event, BatchCounts& counts)
{
    std::int64_t id = 0;
    if (m_nextFreshIssueId > 0) {
        id = event.issueIdHint;
        if (id > 0) {
            auto& taken = m_db.cached("SELECT 1 FROM issues WHERE id = ?1");
            taken.bind(1, id);
            if (taken.step())
                id = 0;
            taken.reset();
        }
        if (id <= 0)
            id = m_nextFreshIssueId++;
    }
    auto& insert = m_db.cached(
        "INSERT INTO issues(project_id, primary_hash, title, culprit, type, level, platform, metadata, first_seen, "
        "last_seen, title_ts, first_release, last_release, server_id, id) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10, ?10, ?11, ?12)");
    if (id > 0)
        insert.bind(12, id);
    else
        insert.bindNull(12);
    insert.bind(1, project.value)
        .bind(2, event.hashes.empty() ? std::string() : event.hashes.front())
        .bind(3, event.title)
        .bind(4, event.culprit)
        .bind(5, event.issueType)
        .bind(6, static_cast<int>(event.level))
        .bind(7, event.platform)
        .bindOrNull(8, event.metadataJson)
        .bind(9, event.timestamp)
        .bindOrNull(10, event.release)
        .bindOrNull(11, event.serverGroupId)
        .run();
    const IssueId issue(m_db.lastInsertRowId());
    // A fresh issue, but its id may have had search rows before (a regroup
    // rebuilt or removed it): those rows do not count, and new ones follow them.
    auto& stale = m_db.cached("SELECT below FROM search_stale WHERE issue_id = ?1");
    stale.bind(1, issue.value);
    const std::int64_t below = stale.step() ? stale.int64(0) : 0;
    stale.reset();
    if (below > 0) {
        auto& start = m_db.cached("UPDATE issues SET search_rows = ?2 WHERE id = ?1");
        start.bind(1, issue.value).bind(2, below).run();
    }
    m_searchRows[issue.value] = {below, below + kMaxSearchRowsPerIssue};
    ++counts.issuesCreated;
    return issue;
}

bool EventWriter::rememberText(IssueId issue, std::uint64_t textHash)
{
    const std::uint64_t known = textHash ^ (static_cast<std::uint64_t>(issue.value) * 0x9e3779b97f4a7c15ULL);
    if (!m_knownTexts.insert(known))
        return false;
    auto& remember = m_db.cached("INSERT OR IGNORE INTO issue_texts(issue_id, text_hash) VALUES(?1, ?2)");
    remember.bind(1, issue.value).bind(2, static_cast<std::int64_t>(textHash)).run();
    return m_db.changes() > 0;
}

void EventWriter::addSearchRow(IssueId issue, const std::string& title, const std::string& body)
{
    auto rows = m_searchRows.find(issue.value);
    if (rows == m_searchRows.end()) {
        auto& current = m_db.cached("SELECT i.search_rows, coalesce(s.below, 0) FROM issues i "
                                    "LEFT JOIN search_stale s ON s.issue_id = i.id WHERE i.id = ?1");
        current.bind(1, issue.value);
        SearchRows r;
        if (current.step())
            r = {current.int64(0), current.int64(1) + kMaxSearchRowsPerIssue};
        current.reset();
        rows = m_searchRows.emplace(issue.value, r).first;
    }
    if (rows->second.next >= std::min(rows->second.limit, kSearchRowsPerIssue))
        return;
    m_pendingSearch.push_back({issue.value * kSearchRowsPerIssue + rows->second.next, title, body});
    ++rows->second.next;
    m_aggregates.addSearchRows(issue, 1);
}

void EventWriter::indexSearchTexts(IssueId issue, const PreparedEvent& event)
{
    for (const auto& [title, body] : event.searchTexts) {
        if ((!title.empty() || !body.empty()) && rememberText(issue, fnv1a64(title, body)))
            addSearchRow(issue, title, body);
    }
    // Frame terms are remembered one by one: an issue's events mostly share
    // their frames, so after the first few events there is nothing new to index.
    std::string fresh;
    for (const std::string& term : event.searchTerms) {
        if (term.empty() || !rememberText(issue, fnv1a64(kFrameTermSalt, term)))
            continue;
        if (fresh.size() + term.size() >= kMaxSearchRowBytes) {
            addSearchRow(issue, std::string(), fresh);
            fresh.clear();
        }
        if (!fresh.empty())
            fresh += ' ';
        fresh += term;
    }
    if (!fresh.empty())
        addSearchRow(issue, std::string(), fresh);
}

void EventWriter::deriveRows(
    EventRowId row, IssueId issue, const PreparedEvent& event, const std::vector<std::int64_t>& tags)
{
    if (event.spans.count > 0) {
        auto& insert = m_db.cached("INSERT OR REPLACE INTO event_spans(event_rowid, count, spans, codec, raw_size) "
                                   "VALUES(?1, ?2, ?3, ?4, ?5)");
        insert.bind(1, row.value).bind(2, event.spans.count);
        if (event.spans.codec == PayloadCodec::Plain)
            insert.bindTextNoCopy(3, event.spans.data);
        else
            insert.bindBlobNoCopy(3, event.spans.data);
        insert.bind(4, static_cast<int>(event.spans.codec))
            .bind(5, static_cast<std::int64_t>(event.spans.rawSize))
            .run();
    }
    if (!issue.isValid())
        return;
    IssueAggregates::EventFacts facts;
    facts.timestamp = event.timestamp;
    facts.level = event.level;
    facts.title = &event.title;
    facts.culprit = &event.culprit;
    facts.metadata = &event.metadataJson;
    facts.release = &event.release;
    facts.tagIds = &tags;
    facts.userHash = event.userKey.empty() ? 0 : std::max<std::uint64_t>(1, fnv1a64(event.userKey));
    m_aggregates.add(issue, facts);
    indexSearchTexts(issue, event);
}

void EventWriter::flush()
{
    m_aggregates.flush(m_db);
    // The full-text rows go last in the transaction. Once FTS5 takes part in a
    // transaction, every later statement that opens a statement savepoint
    // (upserts, inserts into indexed tables) makes it flush its pending terms
    // into a new segment: interleaved, that cost a third of the writer's time.
    if (!m_pendingSearch.empty()) {
        // In rowid order: FTS5 flushes its pending terms into a new segment
        // whenever a rowid is lower than the one before it in the transaction,
        // and the rows come in event order, issues interleaved.
        std::sort(m_pendingSearch.begin(), m_pendingSearch.end(),
            [](const PendingSearchRow& a, const PendingSearchRow& b) { return a.rowid < b.rowid; });
        auto& insert = m_db.cached("INSERT INTO search(rowid, title, body) VALUES(?1, ?2, ?3)");
        for (const PendingSearchRow& row : m_pendingSearch)
            insert.bind(1, row.rowid).bind(2, row.title).bind(3, row.body).run();
        m_pendingSearch.clear();
    }
}

std::unordered_set<std::string> EventWriter::existingEventIds(
    ProjectId project, const std::vector<const PreparedEvent*>& events)
{
    JsonRows ids;
    for (const PreparedEvent* e : events) {
        ids.beginRow();
        ids.add(e->eventId);
        ids.endRow();
    }
    std::unordered_set<std::string> out;
    auto& st = m_db.cached("SELECT event_id FROM events WHERE project_id = ?1 AND event_id IN "
                           "(SELECT value ->> 0 FROM json_each(?2))");
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
        "trace_id = ?15, span_id = ?16, transaction_name = ?17, primary_hash = ?18, hashes = ?19, tag_ids = ?20 "
        "WHERE id = ?1");
    update.bind(1, row.value);
    bindDerivedColumns(update, 2, issue, event, tagIdsJson(tags));
    update.run();
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
}

BatchCounts EventWriter::commit()
{
    flush();
    m_tx->commit();
    m_tx.reset();
    return std::exchange(m_txCounts, {});
}

void EventWriter::rollback()
{
    m_tx.reset(); // rolls back what is still open
    m_txCounts = {};
    forgetCaches(); // the cached ids and pending rows made in it are gone too
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
        "transaction_name, primary_hash, hashes, tag_ids, source_id) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
        "?22)");
    auto& payload = m_db.cached("INSERT INTO event_payloads(event_rowid, item_type, content_type, codec, raw_size, "
                                "data) VALUES(?1, ?2, ?6, ?3, ?4, ?5)");

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
            insert.bind(22, event.source.value);
        else
            insert.bindNull(22);
        insert.run();
        const EventRowId row(m_db.lastInsertRowId());

        payload.reset();
        payload.bind(1, row.value)
            .bind(2, event.itemType)
            .bind(3, static_cast<int>(event.codec))
            .bind(4, static_cast<std::int64_t>(event.rawSize))
            .bindBlobNoCopy(5, event.payload)
            .bind(6, event.contentType)
            .run();

        deriveRows(row, issue, event, tags);
        ++counts.inserted;
        counts.spans += event.spans.count;
        if (event.isTransactionLike())
            ++counts.transactions;
    }
    for (const PreparedLog& log : batch.logs)
        writeLog(log, counts);
    for (const PreparedAttachment& attachment : batch.attachments)
        writeAttachment(attachment, counts);
}

} // namespace stackdeck::store
