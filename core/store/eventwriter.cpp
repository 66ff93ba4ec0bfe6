#include "eventwriter.h"

#include "util/hashing.h"

#include <QDateTime>

#include <algorithm>

namespace stackdeck::store {

namespace {
constexpr std::int64_t kSearchRowsPerIssue = 1 << 20; // row id = issue << 20 | n
constexpr std::int64_t kMaxSearchRowsPerIssue = 2000; // distinct texts indexed per issue
constexpr Micros kHour = 3'600'000'000LL;
constexpr std::size_t kHashCacheLimit = 500'000;

std::string joinHashes(const std::vector<std::string>& hashes)
{
    std::string out;
    for (const auto& h : hashes) {
        if (!out.empty())
            out += ' ';
        out += h;
    }
    return out;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
} // namespace

struct EventWriter::IssueDelta {
    std::int64_t events = 0;
    std::int64_t users = 0;
    Micros minTs = 0;
    Micros maxTs = 0;
    bool any = false;
    // from the newest event of the batch
    std::string title, culprit, issueType, platform, metadata, lastRelease;
    Level level = Level::Error;
    // from the oldest event of the batch
    std::string firstRelease;
    std::optional<std::int64_t> searchRows; // loaded on first use
    std::int64_t searchRowsAdded = 0;
    std::map<std::int64_t, std::int64_t> hourly;
    struct TagAgg {
        std::int64_t count = 0;
        Micros first = 0, last = 0;
    };
    std::map<std::int64_t, TagAgg> tags;
};

EventWriter::EventWriter(sql::Database& db)
    : m_db(db)
    , m_now(QDateTime::currentMSecsSinceEpoch() * 1000)
{
}

EventWriter::~EventWriter() = default;

void EventWriter::forgetCaches()
{
    m_hashToIssue.clear();
    m_deltas.clear();
    m_projects.clear();
    m_tagIds.clear();
}

ProjectId EventWriter::ensureProject(const std::string& name)
{
    if (auto it = m_projects.find(name); it != m_projects.end())
        return it->second;
    auto& find = m_db.cached("SELECT id FROM projects WHERE name = ?1");
    find.bind(1, name);
    ProjectId id;
    if (find.step()) {
        id = ProjectId(find.int64(0));
    } else {
        auto& insert = m_db.cached("INSERT INTO projects(name, created_at) VALUES(?1, ?2)");
        insert.bind(1, name).bind(2, m_now).run();
        id = ProjectId(m_db.lastInsertRowId());
    }
    find.reset();
    m_projects.emplace(name, id);
    return id;
}

SourceId EventWriter::ensureSource(const std::string& kind, const std::string& location, const std::string& label)
{
    auto& upsert = m_db.cached("INSERT INTO sources(kind, location, label, created_at, last_import_at) "
                               "VALUES(?1, ?2, ?3, ?4, ?4) ON CONFLICT(kind, location) DO UPDATE SET "
                               "last_import_at = excluded.last_import_at, label = excluded.label RETURNING id");
    upsert.bind(1, kind).bind(2, location).bind(3, label).bind(4, m_now);
    upsert.step();
    const SourceId id(upsert.int64(0));
    upsert.reset();
    return id;
}

std::int64_t EventWriter::tagId(const std::string& key, const std::string& value)
{
    auto cacheKey = std::make_pair(key, value);
    if (auto it = m_tagIds.find(cacheKey); it != m_tagIds.end())
        return it->second;
    auto& insert = m_db.cached("INSERT INTO tags(key, value) VALUES(?1, ?2) ON CONFLICT(key, value) DO NOTHING");
    insert.bind(1, key).bind(2, value).run();
    std::int64_t id = 0;
    if (m_db.changes() > 0) {
        id = m_db.lastInsertRowId();
    } else {
        auto& find = m_db.cached("SELECT id FROM tags WHERE key = ?1 AND value = ?2");
        find.bind(1, key).bind(2, value);
        find.step();
        id = find.int64(0);
        find.reset();
    }
    if (m_tagIds.size() > 200'000)
        m_tagIds.clear();
    m_tagIds.emplace(std::move(cacheKey), id);
    return id;
}

EventWriter::IssueDelta& EventWriter::delta(IssueId issue)
{
    auto& slot = m_deltas[issue.value];
    if (!slot)
        slot = std::make_unique<IssueDelta>();
    return *slot;
}

IssueId EventWriter::resolveIssue(ProjectId project, const PreparedEvent& event, BatchCounts& counts)
{
    if (!event.serverGroupId.empty()) {
        auto& byServer = m_db.cached("SELECT id FROM issues WHERE project_id = ?1 AND server_id = ?2");
        byServer.bind(1, project.value).bind(2, event.serverGroupId);
        if (byServer.step()) {
            const IssueId found(byServer.int64(0));
            byServer.reset();
            return found;
        }
        byServer.reset();
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

    if (!issue.isValid()) {
        auto& insert = m_db.cached(
            "INSERT INTO issues(project_id, primary_hash, title, culprit, type, level, platform, metadata, first_seen, "
            "last_seen, title_ts, first_release, last_release, server_id) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10, ?10, ?11)");
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
        issue = IssueId(m_db.lastInsertRowId());
        ++counts.issuesCreated;
        auto& d = delta(issue);
        d.searchRows = 0;
    }

    // Every hash of the event points at its issue from now on (as the server
    // attaches an event's new hashes to the group it joined).
    for (const auto& hash : event.hashes) {
        const auto key = std::make_pair(project.value, hash);
        if (m_hashToIssue.count(key))
            continue;
        auto& attach = m_db.cached(
            "INSERT INTO issue_hashes(project_id, hash, issue_id) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING");
        attach.bind(1, project.value).bind(2, hash).bind(3, issue.value).run();
        if (m_db.changes() > 0) {
            if (m_hashToIssue.size() > kHashCacheLimit)
                m_hashToIssue.clear();
            m_hashToIssue.emplace(key, issue);
        }
    }
    return issue;
}

void EventWriter::deriveRows(EventRowId row, IssueId issue, const PreparedEvent& event)
{
    // Tags of the event, and their counts on the issue.
    IssueDelta* d = issue.isValid() ? &delta(issue) : nullptr;
    std::vector<std::int64_t> seen;
    seen.reserve(event.tags.size());
    for (const auto& [key, value] : event.tags) {
        if (key.empty())
            continue;
        const std::int64_t id = tagId(key, value);
        if (std::find(seen.begin(), seen.end(), id) != seen.end())
            continue;
        seen.push_back(id);
        auto& insert = m_db.cached("INSERT OR IGNORE INTO event_tags(event_rowid, tag_id) VALUES(?1, ?2)");
        insert.bind(1, row.value).bind(2, id).run();
        if (d) {
            auto& agg = d->tags[id];
            if (agg.count == 0) {
                agg.first = agg.last = event.timestamp;
            } else {
                agg.first = std::min(agg.first, event.timestamp);
                agg.last = std::max(agg.last, event.timestamp);
            }
            ++agg.count;
        }
    }

    for (std::size_t i = 0; i < event.spans.size(); ++i) {
        const SpanRow& s = event.spans[i];
        auto& insert = m_db.cached("INSERT OR REPLACE INTO spans(event_rowid, idx, span_id, parent_span_id, op, "
                                   "description, status, start_us, end_us, exclusive_ms) "
                                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        insert.bind(1, row.value)
            .bind(2, static_cast<std::int64_t>(i))
            .bindOrNull(3, s.spanId)
            .bindOrNull(4, s.parentSpanId)
            .bindOrNull(5, s.op)
            .bindOrNull(6, s.description)
            .bindOrNull(7, s.status)
            .bind(8, s.start)
            .bind(9, s.end)
            .bind(10, s.exclusiveMs)
            .run();
    }

    if (!d)
        return;

    // Aggregates for the issue, applied once per batch in flush().
    if (!d->any || event.timestamp >= d->maxTs) {
        d->maxTs = event.timestamp;
        d->title = event.title;
        d->culprit = event.culprit;
        d->issueType = event.issueType;
        d->platform = event.platform;
        d->metadata = event.metadataJson;
        d->level = event.level;
        d->lastRelease = event.release;
    }
    if (!d->any || event.timestamp < d->minTs) {
        d->minTs = event.timestamp;
        d->firstRelease = event.release;
    }
    d->any = true;
    ++d->events;
    ++d->hourly[floorDiv(event.timestamp, kHour)];

    if (!event.userKey.empty()) {
        auto& user = m_db.cached("INSERT OR IGNORE INTO issue_users(issue_id, user_hash) VALUES(?1, ?2)");
        user.bind(1, issue.value).bind(2, static_cast<std::int64_t>(fnv1a64(event.userKey))).run();
        if (m_db.changes() > 0)
            ++d->users;
    }

    for (const auto& [title, body] : event.searchTexts) {
        if (title.empty() && body.empty())
            continue;
        const auto textHash = static_cast<std::int64_t>(fnv1a64(title, body));
        auto& known = m_db.cached("INSERT OR IGNORE INTO issue_texts(issue_id, text_hash) VALUES(?1, ?2)");
        known.bind(1, issue.value).bind(2, textHash).run();
        if (m_db.changes() == 0)
            continue;
        if (!d->searchRows) {
            auto& rows = m_db.cached("SELECT search_rows FROM issues WHERE id = ?1");
            rows.bind(1, issue.value);
            d->searchRows = rows.step() ? rows.int64(0) : 0;
            rows.reset();
        }
        const std::int64_t n = *d->searchRows + d->searchRowsAdded;
        if (n >= kMaxSearchRowsPerIssue)
            continue;
        auto& insert = m_db.cached("INSERT INTO search(rowid, title, body) VALUES(?1, ?2, ?3)");
        insert.bind(1, issue.value * kSearchRowsPerIssue + n).bind(2, title).bind(3, body).run();
        ++d->searchRowsAdded;
    }
}

void EventWriter::flush()
{
    auto& update = m_db.cached(
        "UPDATE issues SET event_count = event_count + ?2, user_count = user_count + ?3, "
        "first_release = CASE WHEN ?4 < first_seen OR first_release IS NULL THEN ?5 ELSE first_release END, "
        "first_seen = min(first_seen, ?4), last_seen = max(last_seen, ?6), "
        "title = CASE WHEN ?6 >= title_ts THEN ?7 ELSE title END, "
        "culprit = CASE WHEN ?6 >= title_ts THEN ?8 ELSE culprit END, "
        "level = CASE WHEN ?6 >= title_ts THEN ?9 ELSE level END, "
        "metadata = CASE WHEN ?6 >= title_ts THEN ?10 ELSE metadata END, "
        "last_release = CASE WHEN ?6 >= last_seen OR last_release IS NULL THEN ?11 ELSE last_release END, "
        "title_ts = max(title_ts, ?6), search_rows = search_rows + ?12 WHERE id = ?1");
    for (auto& [issueId, d] : m_deltas) {
        if (!d->any && d->searchRowsAdded == 0)
            continue;
        update.reset();
        update.bind(1, issueId)
            .bind(2, d->events)
            .bind(3, d->users)
            .bind(4, d->minTs)
            .bindOrNull(5, d->firstRelease)
            .bind(6, d->maxTs)
            .bind(7, d->title)
            .bind(8, d->culprit)
            .bind(9, static_cast<int>(d->level))
            .bindOrNull(10, d->metadata)
            .bindOrNull(11, d->lastRelease)
            .bind(12, d->searchRowsAdded)
            .run();

        auto& hourly = m_db.cached("INSERT INTO issue_hourly(issue_id, hour, count) VALUES(?1, ?2, ?3) "
                                   "ON CONFLICT(issue_id, hour) DO UPDATE SET count = count + excluded.count");
        for (const auto& [hour, count] : d->hourly) {
            hourly.reset();
            hourly.bind(1, issueId).bind(2, hour).bind(3, count).run();
        }
        auto& tags = m_db.cached(
            "INSERT INTO issue_tags(issue_id, tag_id, count, first_seen, last_seen) VALUES(?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT(issue_id, tag_id) DO UPDATE SET count = count + excluded.count, "
            "first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)");
        for (const auto& [tag, agg] : d->tags) {
            tags.reset();
            tags.bind(1, issueId).bind(2, tag).bind(3, agg.count).bind(4, agg.first).bind(5, agg.last).run();
        }
    }
    m_deltas.clear();
}

void EventWriter::rederive(EventRowId row, const PreparedEvent& event, BatchCounts& counts)
{
    const ProjectId project = ensureProject(event.project);
    IssueId issue;
    if (event.groupable)
        issue = resolveIssue(project, event, counts);
    auto& update = m_db.cached(
        "UPDATE events SET issue_id = ?2, type = ?3, level = ?4, platform = ?5, timestamp = ?6, received = ?7, "
        "duration_us = ?8, title = ?9, culprit = ?10, message = ?11, release = ?12, environment = ?13, user_key = ?14, "
        "trace_id = ?15, span_id = ?16, transaction_name = ?17, primary_hash = ?18, hashes = ?19 WHERE id = ?1");
    update.bind(1, row.value);
    if (issue.isValid())
        update.bind(2, issue.value);
    else
        update.bindNull(2);
    update.bind(3, static_cast<int>(event.type))
        .bind(4, static_cast<int>(event.level))
        .bindOrNull(5, event.platform)
        .bind(6, event.timestamp)
        .bind(7, event.received)
        .bind(8, event.durationUs)
        .bindOrNull(9, event.title)
        .bindOrNull(10, event.culprit)
        .bindOrNull(11, event.message)
        .bindOrNull(12, event.release)
        .bindOrNull(13, event.environment)
        .bindOrNull(14, event.userKey)
        .bindOrNull(15, event.traceId)
        .bindOrNull(16, event.spanId)
        .bindOrNull(17, event.transaction)
        .bindOrNull(18, event.hashes.empty() ? std::string() : event.hashes.front())
        .bindOrNull(19, joinHashes(event.hashes))
        .run();
    deriveRows(row, issue, event);
    counts.spans += static_cast<std::int64_t>(event.spans.size());
    if (event.isTransactionLike())
        ++counts.transactions;
}

void EventWriter::writeEvent(const PreparedEvent& event, BatchCounts& counts)
{
    const ProjectId project = ensureProject(event.project);
    auto& exists = m_db.cached("SELECT 1 FROM events WHERE project_id = ?1 AND event_id = ?2");
    exists.bind(1, project.value).bind(2, event.eventId);
    const bool duplicate = exists.step();
    exists.reset();
    if (duplicate) {
        ++counts.duplicates;
        return;
    }
    IssueId issue;
    if (event.groupable)
        issue = resolveIssue(project, event, counts);

    auto& insert = m_db.cached(
        "INSERT INTO events(project_id, event_id, issue_id, type, level, platform, timestamp, received, "
        "duration_us, title, culprit, message, release, environment, user_key, trace_id, span_id, "
        "transaction_name, primary_hash, hashes, source_id) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)");
    insert.bind(1, project.value).bind(2, event.eventId);
    if (issue.isValid())
        insert.bind(3, issue.value);
    else
        insert.bindNull(3);
    insert.bind(4, static_cast<int>(event.type))
        .bind(5, static_cast<int>(event.level))
        .bindOrNull(6, event.platform)
        .bind(7, event.timestamp)
        .bind(8, event.received)
        .bind(9, event.durationUs)
        .bindOrNull(10, event.title)
        .bindOrNull(11, event.culprit)
        .bindOrNull(12, event.message)
        .bindOrNull(13, event.release)
        .bindOrNull(14, event.environment)
        .bindOrNull(15, event.userKey)
        .bindOrNull(16, event.traceId)
        .bindOrNull(17, event.spanId)
        .bindOrNull(18, event.transaction)
        .bindOrNull(19, event.hashes.empty() ? std::string() : event.hashes.front())
        .bindOrNull(20, joinHashes(event.hashes));
    if (event.source.isValid())
        insert.bind(21, event.source.value);
    else
        insert.bindNull(21);
    insert.run();
    const EventRowId row(m_db.lastInsertRowId());

    auto& payload = m_db.cached(
        "INSERT INTO event_payloads(event_rowid, item_type, codec, raw_size, data) VALUES(?1, ?2, ?3, ?4, ?5)");
    payload.bind(1, row.value)
        .bind(2, event.itemType)
        .bind(3, static_cast<int>(event.codec))
        .bind(4, static_cast<std::int64_t>(event.rawSize))
        .bindBlob(5, event.payload)
        .run();

    deriveRows(row, issue, event);
    ++counts.inserted;
    counts.spans += static_cast<std::int64_t>(event.spans.size());
    if (event.isTransactionLike())
        ++counts.transactions;
}

void EventWriter::writeLog(const PreparedLog& log, BatchCounts& counts)
{
    const ProjectId project = ensureProject(log.project);
    auto& insert = m_db.cached("INSERT INTO logs(project_id, timestamp, trace_id, span_id, level, body, attributes, "
                               "source_id, fingerprint) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                               "ON CONFLICT(project_id, fingerprint) DO NOTHING");
    insert.bind(1, project.value)
        .bind(2, log.timestamp)
        .bindOrNull(3, log.traceId)
        .bindOrNull(4, log.spanId)
        .bindOrNull(5, log.level)
        .bind(6, log.body)
        .bindOrNull(7, log.attributesJson);
    if (log.source.isValid())
        insert.bind(8, log.source.value);
    else
        insert.bindNull(8);
    insert.bind(9, log.fingerprint).run();
    if (m_db.changes() > 0)
        ++counts.logs;
}

void EventWriter::writeAttachment(const PreparedAttachment& attachment, BatchCounts& counts)
{
    const ProjectId project = ensureProject(attachment.project);
    auto& insert = m_db.cached("INSERT INTO attachments(project_id, event_id, filename, attachment_type, content_type, "
                               "size, source_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                               "ON CONFLICT(project_id, event_id, filename) DO NOTHING");
    insert.bind(1, project.value)
        .bindOrNull(2, attachment.eventId)
        .bindOrNull(3, attachment.filename)
        .bindOrNull(4, attachment.attachmentType)
        .bindOrNull(5, attachment.contentType)
        .bind(6, attachment.size);
    if (attachment.source.isValid())
        insert.bind(7, attachment.source.value);
    else
        insert.bindNull(7);
    insert.run();
    if (m_db.changes() > 0)
        ++counts.attachments;
}

BatchCounts EventWriter::writeBatch(const PreparedBatch& batch)
{
    BatchCounts counts;
    sql::Transaction tx(m_db);
    try {
        for (const PreparedEvent& event : batch.events)
            writeEvent(event, counts);
        for (const PreparedLog& log : batch.logs)
            writeLog(log, counts);
        for (const PreparedAttachment& attachment : batch.attachments)
            writeAttachment(attachment, counts);
        flush();
        tx.commit();
    } catch (...) {
        // The transaction rolls back; cached ids created in it are gone too.
        forgetCaches();
        throw;
    }
    return counts;
}

} // namespace stackdeck::store
