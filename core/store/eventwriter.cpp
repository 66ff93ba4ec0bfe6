#include "eventwriter.h"

#include "eventwriterlimits.h"
#include "reindexparking.h"

#include <QDateTime>

#include <algorithm>

namespace stackdeck::store {

using namespace writerlimits;

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
    m_releases.clear();
    m_nextIssueId = 0;
    m_newRowKeys = -1;
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
    std::int64_t keptId = 0; // keepIssueIds(): the id the hash's issue had before the rebuild
    for (const auto& hash : event.hashes) {
        const ProjectTextView key {project.value, hash};
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
            m_hashToIssue.emplace(ProjectTextKey {project.value, hash}, issue);
            break;
        }
        if (m_keepIssueIds && (keptId = parkedIssueOf(project, hash)) > 0)
            break;
    }

    if (!issue.isValid() && keptId > 0 && issueExists(keptId))
        issue = IssueId(keptId); // its issue is back already (merged hashes: several lead to one id)
    if (!issue.isValid())
        issue = createIssue(project, event, counts, keptId);

    // Every hash of the event points at its issue from now on (as the server
    // attaches an event's new hashes to the group it joined).
    for (const auto& hash : event.hashes) {
        if (m_hashToIssue.contains(ProjectTextView {project.value, hash}))
            continue;
        auto& attach = m_db.cached(
            "INSERT INTO issue_hashes(project_id, hash, issue_id) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING");
        attach.bind(1, project.value).bind(2, hash).bind(3, issue.value).run();
        const bool attached = m_db.changes() > 0;
        if (m_hashToIssue.size() > kHashCacheLimit)
            m_hashToIssue.clear();
        // Whichever issue holds the hash now (this one, or an earlier owner) is
        // what later lookups must find. An earlier owner is remembered too:
        // otherwise each later event with the hash tried to attach it again
        // (most events of a workspace's known issues, in a new import).
        IssueId owner = issue;
        if (!attached) {
            auto& find = m_db.cached("SELECT issue_id FROM issue_hashes WHERE project_id = ?1 AND hash = ?2");
            find.bind(1, project.value).bind(2, hash);
            owner = find.step() ? IssueId(find.int64(0)) : IssueId();
            find.reset();
        }
        if (owner.isValid())
            m_hashToIssue.emplace(ProjectTextKey {project.value, hash}, owner);
    }
    return issue;
}

std::int64_t EventWriter::parkedIssueOf(ProjectId project, const std::string& hash)
{
    auto& find = m_db.cached("SELECT issue_id FROM reindex_parked_hashes WHERE project_id = ?1 AND hash = ?2");
    find.bind(1, project.value).bind(2, hash);
    const std::int64_t id = find.step() ? find.int64(0) : 0;
    find.reset();
    return id;
}

bool EventWriter::issueExists(std::int64_t id)
{
    auto& taken = m_db.cached("SELECT 1 FROM issues WHERE id = ?1");
    taken.bind(1, id);
    const bool found = taken.step();
    taken.reset();
    return found;
}

std::int64_t EventWriter::freshIssueId()
{
    if (m_nextIssueId == 0) {
        auto& top = m_db.cached("SELECT coalesce(max(id), 0) FROM issues");
        top.step();
        m_nextIssueId = std::max({top.int64(0), issueIdHighWater(m_db), m_issueIdFloor - 1}) + 1;
        top.reset();
    }
    m_highWaterPending = m_nextIssueId;
    return m_nextIssueId++;
}

IssueId EventWriter::createIssue(ProjectId project, const PreparedEvent& event, BatchCounts& counts, std::int64_t id)
{
    // A kept id (reindex), else the event's old issue's id while no issue has
    // it (regroup), else one no issue ever had.
    if (id <= 0 && m_issueIdFloor > 0 && event.issueIdHint > 0 && !issueExists(event.issueIdHint))
        id = event.issueIdHint;
    if (id <= 0)
        id = freshIssueId();
    auto& insert = m_db.cached(
        "INSERT INTO issues(project_id, primary_hash, title, culprit, type, level, platform, metadata, first_seen, "
        "last_seen, title_ts, first_release, last_release, server_id, id) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10, ?10, ?11, ?12)");
    insert.bind(12, id);
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

} // namespace stackdeck::store
