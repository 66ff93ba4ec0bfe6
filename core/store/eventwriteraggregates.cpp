// EventWriter's aggregates: each event's derived rows beside its row (spans,
// the issue's counts, users, tags and histogram through IssueAggregates, and
// its search texts), written per batch by flush() (eventwriter.h).

#include "eventqueries.h"
#include "eventwriter.h"
#include "eventwriterlimits.h"
#include "reindexparking.h"
#include "rowkeys.h"
#include "util/hashing.h"

#include <algorithm>

namespace stackdeck::store {

using namespace writerlimits;

bool EventWriter::rememberText(IssueId issue, std::uint64_t textHash)
{
    const std::uint64_t known = textHash ^ (static_cast<std::uint64_t>(issue.value) * 0x9e3779b97f4a7c15ULL);
    if (!m_knownTexts.insert(known))
        return false;
    auto& remember = m_db.cached("INSERT OR IGNORE INTO issue_texts(issue_id, text_hash) VALUES(?1, ?2)");
    remember.bind(1, issue.value).bind(2, static_cast<std::int64_t>(textHash)).run();
    return m_db.changes() > 0;
}

bool EventWriter::SearchRows::full() const
{
    return next >= std::min(limit, kSearchRowsPerIssue);
}

EventWriter::SearchRows& EventWriter::searchRowsOf(IssueId issue)
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
    return rows->second;
}

void EventWriter::addSearchRow(IssueId issue, const std::string& title, const std::string& body)
{
    SearchRows& rows = searchRowsOf(issue);
    if (rows.full())
        return;
    m_pendingSearch.push_back({issue.value * kSearchRowsPerIssue + rows.next, title, body});
    ++rows.next;
    m_aggregates.addSearchRows(issue, 1);
}

namespace {
// Of the list in its order (the frames'): another order is another list,
// whose terms are then probed one by one.
std::uint64_t frameTermListHash(const std::vector<std::string>& terms)
{
    std::uint64_t h = fnv1a64(kFrameTermListSalt);
    for (const std::string& term : terms)
        h = hashBytes64(term, h); // the length goes in: ("ab", "c") is not ("a", "bc")
    return h;
}
} // namespace

void EventWriter::indexSearchTexts(IssueId issue, const PreparedEvent& event)
{
    // An issue that indexed its most texts remembers no more of them either:
    // issue_texts would only grow (a random-key table, costly at scale) for
    // texts that get no search row. Its search rows and texts are reset
    // together (resetIssueAggregates), so a text is never left out for good.
    if (searchRowsOf(issue).full())
        return;
    for (const auto& [title, body] : event.searchTexts) {
        if ((!title.empty() || !body.empty()) && rememberText(issue, fnv1a64(title, body)))
            addSearchRow(issue, title, body);
    }
    // Frame terms are remembered one by one: an issue's events mostly share
    // their frames, so after the first few events there is nothing new to index.
    // Their whole list is remembered too: the same list again needs no probe
    // per term. An import into a workspace that knows the issues probed each
    // term of each issue once more (440,000 probes per 100,000 events at a
    // million, a twentieth of the writer's time); one probe per list now.
    if (event.searchTerms.empty() || !rememberText(issue, frameTermListHash(event.searchTerms)))
        return;
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
    EventRowId row, IssueId issue, const PreparedEvent& event, const std::vector<std::int64_t>& tags, bool deferTags)
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
    static const std::vector<std::int64_t> kNone;
    facts.tagIds = deferTags ? &kNone : &tags;
    if (deferTags) {
        for (const std::int64_t tag : tags)
            m_deferredTags.add(issue.value, tag, event.timestamp);
    }
    facts.userHash = event.userKey.empty() ? 0 : std::max<std::uint64_t>(1, fnv1a64(event.userKey));
    m_aggregates.add(issue, facts);
    indexSearchTexts(issue, event);
}

void EventWriter::noteRelease(ProjectId project, const PreparedEvent& event)
{
    if (event.release.empty())
        return;
    if (auto it = m_releases.find(ProjectTextView {project.value, event.release}); it != m_releases.end())
        it->second = std::min(it->second, event.timestamp);
    else
        m_releases.emplace(ProjectTextKey {project.value, event.release}, event.timestamp);
}

void EventWriter::flush()
{
    m_aggregates.flush(m_db);
    if (m_flushDeferred) {
        m_deferredTags.write(m_db); // empties it: a failed commit leaves the rows to catchUpTagCounts
        m_deferredEvents = 0;
        setTagCountsMark(m_db, newestEventRow(m_db));
    } else if (!m_deferTags && m_tx && tagCountsMark(m_db)) {
        // begin() counted the events above the mark, and this transaction its own.
        setTagCountsMark(m_db, newestEventRow(m_db));
    }
    // Every release the workspace has seen, with its earliest event, in the
    // events' transaction (the triage re-evaluation reads them).
    if (!m_releases.empty()) {
        auto& release = m_db.cached("INSERT INTO releases(project_id, version, first_seen) VALUES(?1, ?2, ?3) "
                                    "ON CONFLICT(project_id, version) DO UPDATE SET "
                                    "first_seen = min(first_seen, excluded.first_seen)");
        for (const auto& [key, firstSeen] : m_releases)
            release.bind(1, key.project).bind(2, key.text).bind(3, firstSeen).run();
        m_releases.clear();
    }
    // The new keys move in bulk once there are enough of them (rowkeys.h).
    if (m_newRowKeys >= m_rowKeysToMove) {
        moveNewRowKeys(m_db);
        m_newRowKeys = 0;
    }
    if (m_highWaterPending > 0) {
        raiseIssueIdHighWater(m_db, m_highWaterPending);
        m_highWaterPending = 0;
    }
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

} // namespace stackdeck::store
