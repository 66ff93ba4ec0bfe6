#include "schemamigrations.h"

#include "schemafoundation.h"

#include <array>

namespace stackdeck::store {
namespace {

// Migration N brings the schema from version N to N+1. Never edit a
// migration that has shipped; add a new one.
constexpr std::array<const char*, 14> kMigrations = {
    // 0 -> 1: the foundation schema (schemafoundation.h).
    kFoundationSchema,
    // 1 -> 2: what happened to an issue (notes, triage changes, regroups).
    R"sql(
CREATE TABLE issue_activity(
    id INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL,
    kind TEXT NOT NULL,                  -- note | status | assign | bookmark | regroup
    text TEXT,
    author TEXT,
    created_at INTEGER NOT NULL,         -- microseconds since the epoch, UTC
    copied_from INTEGER);                -- the issue the entry was copied from when that issue split
CREATE INDEX issue_activity_issue ON issue_activity(issue_id, created_at);
)sql",
    // 2 -> 3: a transaction's spans become one row (spanrows.h) instead of one
    // row each; a dozen inserts per event were a fifth of the import's writes.
    R"sql(
CREATE TABLE event_spans(
    event_rowid INTEGER PRIMARY KEY,     -- the transaction or segment
    count INTEGER NOT NULL,
    spans TEXT NOT NULL);                -- [[span_id, parent_span_id, op, description, status, start_us, end_us, exclusive_ms], ...]
INSERT INTO event_spans(event_rowid, count, spans)
    SELECT event_rowid, count(*), json_group_array(json_array(span_id, parent_span_id, op, description, status,
                                                              start_us, end_us, exclusive_ms))
    FROM (SELECT * FROM spans ORDER BY event_rowid, idx) GROUP BY event_rowid;
DROP TABLE spans;
)sql",
    // 3 -> 4: search rows a regroup left behind. The search index is
    // contentless, so one issue's rows cannot be deleted; when a regroup
    // rebuilds an issue, its rows below `below` (row number, rowid & 0xfffff)
    // no longer count, and a rebuilt or reused id numbers its rows from there.
    R"sql(
CREATE TABLE search_stale(
    issue_id INTEGER PRIMARY KEY,
    below INTEGER NOT NULL);
)sql",
    // 4 -> 5: span sets are stored compressed, like payloads (spanrows.h);
    // rows written before stay plain text (codec 0).
    R"sql(
ALTER TABLE event_spans ADD COLUMN codec INTEGER NOT NULL DEFAULT 0; -- PayloadCodec of `spans`
ALTER TABLE event_spans ADD COLUMN raw_size INTEGER NOT NULL DEFAULT 0; -- bytes of the JSON text
)sql",
    // 5 -> 6: triage (issue #16). `status` keeps 0 unresolved, 1 resolved,
    // 2 ignored, so every filter on it stays right; how an issue is resolved
    // and what ends an ignore are columns of their own (core/triage).
    R"sql(
ALTER TABLE issues ADD COLUMN resolution TEXT;          -- NULL plain | 'inNextRelease' | 'inRelease'
ALTER TABLE issues ADD COLUMN resolved_release TEXT;    -- inRelease: that release; inNextRelease: the current one
ALTER TABLE issues ADD COLUMN status_changed_at INTEGER; -- microseconds; when status last changed
ALTER TABLE issues ADD COLUMN status_mark INTEGER;      -- max(events.id) when status last changed: later rows are new
ALTER TABLE issues ADD COLUMN ignore_until INTEGER;     -- microseconds; ignored until then
ALTER TABLE issues ADD COLUMN ignore_events INTEGER;    -- ignored until this many more events
ALTER TABLE issues ADD COLUMN ignore_users INTEGER;     -- ignored until this many more users
ALTER TABLE issues ADD COLUMN ignore_base_events INTEGER; -- event_count when ignored
ALTER TABLE issues ADD COLUMN ignore_base_users INTEGER;  -- user_count when ignored
ALTER TABLE issues ADD COLUMN priority TEXT;            -- NULL | high | medium | low
ALTER TABLE issues ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
CREATE INDEX issues_ignore_until ON issues(ignore_until) WHERE ignore_until IS NOT NULL;
-- Events up to this row were looked at by the triage re-evaluation (store/triageevaluation.h).
INSERT OR REPLACE INTO meta(key, value) VALUES('triage_event_mark', (SELECT coalesce(max(id), 0) FROM events));

CREATE TABLE issue_labels(
    issue_id INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY(issue_id, label)) WITHOUT ROWID;
CREATE INDEX issue_labels_label ON issue_labels(label);

-- Notes at every level: an issue (issue_id), or an event (project_id +
-- event_id, which survive reindex and regroup) and optionally a frame or a
-- breadcrumb (target_index) or a span (span_id) of it.
CREATE TABLE notes(
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,                -- issue | event | frame | breadcrumb | span
    issue_id INTEGER,
    project_id INTEGER,
    event_id TEXT,
    target_index INTEGER,
    span_id TEXT,
    text TEXT NOT NULL,                  -- Markdown, rendered without raw HTML
    author TEXT,
    created_at INTEGER NOT NULL,
    edited_at INTEGER);
CREATE INDEX notes_issue ON notes(issue_id) WHERE issue_id IS NOT NULL;
CREATE INDEX notes_event ON notes(project_id, event_id) WHERE event_id IS NOT NULL;
-- Note text for free-text search; rowid = notes.id, kept in step by store/notes.cpp.
CREATE VIRTUAL TABLE note_search USING fts5(text, tokenize='unicode61 remove_diacritics 2');

CREATE TABLE saved_searches(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL);

-- Every release the workspace has seen, with its earliest event: the order
-- of releases that are not semantic versions.
CREATE TABLE releases(
    project_id INTEGER NOT NULL,
    version TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    PRIMARY KEY(project_id, version)) WITHOUT ROWID;
INSERT INTO releases(project_id, version, first_seen)
    SELECT project_id, release, min(timestamp) FROM events WHERE coalesce(release, '') <> '' GROUP BY 1, 2;

-- One entry per triage action, with every touched issue's prior state.
CREATE TABLE triage_undo(
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    author TEXT,
    created_at INTEGER NOT NULL,
    issue_count INTEGER NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0);
CREATE TABLE triage_undo_rows(
    undo_id INTEGER NOT NULL,
    issue_id INTEGER NOT NULL,
    status INTEGER, substatus TEXT, resolution TEXT, resolved_release TEXT, status_changed_at INTEGER,
    status_mark INTEGER, ignore_until INTEGER, ignore_events INTEGER, ignore_users INTEGER,
    ignore_base_events INTEGER, ignore_base_users INTEGER, assignee TEXT, bookmarked INTEGER, seen INTEGER,
    priority TEXT, labels TEXT,          -- JSON array
    PRIMARY KEY(undo_id, issue_id)) WITHOUT ROWID;

-- What merges joined, for unmerge: each hash with the issue it came from.
CREATE TABLE issue_merges(
    target_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    project_id INTEGER NOT NULL,
    hash TEXT NOT NULL,
    merged_at INTEGER NOT NULL);
CREATE INDEX issue_merges_target ON issue_merges(target_id);
)sql",
    // 6 -> 7: server accounts (issue #17). Tokens are never stored here (core/server/tokenstore.h).
    R"sql(
CREATE TABLE server_accounts(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    base_url TEXT NOT NULL,              -- https://sentry.io, a self-hosted Sentry, a GlitchTip
    organization TEXT NOT NULL,          -- slug
    region_url TEXT,                     -- the organization's links.regionUrl, from the last sync
    created_at INTEGER NOT NULL,
    last_sync_at INTEGER);
ALTER TABLE projects ADD COLUMN account_id INTEGER;
-- What the server last said about each of its issues (issues.id), as it said it.
CREATE TABLE server_issues(
    issue_id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    server_id TEXT NOT NULL,
    short_id TEXT,
    permalink TEXT,
    status TEXT,                         -- the server's word: unresolved, resolved, ignored, pending_merge, ...
    substatus TEXT,
    assignee TEXT,                       -- JSON {type, id, name}; NULL unassigned
    bookmarked INTEGER NOT NULL DEFAULT 0,
    count INTEGER NOT NULL DEFAULT 0,
    user_count INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT,
    last_seen TEXT,
    state TEXT NOT NULL DEFAULT 'live',  -- live | merged (into merged_into) | gone
    merged_into TEXT,
    synced_at INTEGER NOT NULL);
CREATE UNIQUE INDEX server_issues_identity ON server_issues(account_id, server_id);
-- Triage actions on server issues waiting to be pushed, one row per field.
CREATE TABLE outbox(
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    issue_id INTEGER NOT NULL,
    field TEXT NOT NULL,                 -- status | assignedTo | isBookmarked | hasSeen | comment | merge
    before TEXT,                         -- the value the user saw (JSON)
    after TEXT NOT NULL,                 -- the value to send (JSON)
    state TEXT NOT NULL DEFAULT 'pending', -- pending | sent | conflict | failed | dropped | local
    result TEXT,
    created_at INTEGER NOT NULL,
    pushed_at INTEGER);
CREATE INDEX outbox_state ON outbox(state, account_id);
)sql",
    // 7 -> 8: traces (issue #18). An event's own span (contexts.trace) and its
    // service, so a trace assembles from rows; one derived row per trace for
    // the trace list (core/trace, store/tracerows.h). Events stored before
    // get these columns and their traces from a reindex.
    R"sql(
ALTER TABLE events ADD COLUMN parent_span_id TEXT;
ALTER TABLE events ADD COLUMN span_op TEXT;
ALTER TABLE events ADD COLUMN span_status TEXT;
ALTER TABLE events ADD COLUMN service TEXT;          -- server_name, else NULL (the project then)
CREATE TABLE traces(
    trace_id TEXT PRIMARY KEY,           -- 32 lowercase hex, as events.trace_id
    root_name TEXT NOT NULL,
    root_op TEXT NOT NULL,
    root_event_id TEXT,
    start_us INTEGER NOT NULL,
    duration_us INTEGER NOT NULL,        -- skew-adjusted
    span_count INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    services TEXT NOT NULL,              -- JSON array, sorted
    projects TEXT NOT NULL,              -- JSON array, sorted
    ops TEXT NOT NULL,                   -- JSON array of every span op, sorted
    flags INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID; -- trace::TraceFlag
CREATE INDEX traces_start ON traces(start_us DESC, trace_id);
CREATE INDEX traces_duration ON traces(duration_us DESC, trace_id);
)sql",
    // 8 -> 9: server capabilities, vanished issues, alert searches (issue #17).
    // What the account's server showed it can do (JSON, core/server/capabilities.h);
    // the query whose listing last returned each server issue (an issue that
    // query no longer returns is asked for by id: deleted or merged there);
    // saved searches whose new or regressed issues raise a notification.
    R"sql(
ALTER TABLE server_accounts ADD COLUMN capabilities TEXT;
ALTER TABLE server_issues ADD COLUMN listed_by TEXT;
ALTER TABLE saved_searches ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
)sql",
    // 9 -> 10: traces are assembled after the import, not per batch (issue #18).
    // A batch marks the traces it touched in trace_stale (in its transaction,
    // so a crash keeps the marks); the end of the import, the trace list and
    // `traces` assemble them (store/tracerows.h). trace_search indexes the
    // list's text (root name, services, ops, projects; trigrams) by traces.id.
    // Traces stored before get an id, so a search finds them, by being marked
    // (index only, kind 2); traces of events without a row (stored before
    // schema 8) are marked to be assembled from their events' payloads (kind 1).
    R"sql(
CREATE TABLE trace_stale(
    trace_id TEXT PRIMARY KEY,
    kind INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID; -- 0 assemble, 1 read the events' span columns first, 2 index only
ALTER TABLE traces ADD COLUMN id INTEGER;            -- trace_search's rowid
CREATE UNIQUE INDEX traces_id ON traces(id);
CREATE VIRTUAL TABLE trace_search USING fts5(name, services, ops, projects, content='', columnsize=0,
    tokenize='trigram');
INSERT INTO trace_stale(trace_id, kind) SELECT trace_id, 2 FROM traces;
INSERT OR IGNORE INTO trace_stale(trace_id, kind)
    SELECT DISTINCT trace_id, 1 FROM events WHERE trace_id IS NOT NULL;
)sql",
    // 10 -> 11: zstd dictionaries trained on the workspace's own payloads
    // (issue #20), and envelope items kept as they came because they were not
    // interpreted or were refused (issue #19).
    // A payload compressed with a dictionary (PayloadCodec::ZstdDict) names
    // it by the id in its zstd frame header; dictionaries are never changed
    // or deleted while a payload uses them, so every payload stays readable.
    R"sql(
CREATE TABLE payload_dicts(
    dict_id INTEGER PRIMARY KEY,         -- the zstd dictionary id, as written in the frames that use it
    created_at INTEGER NOT NULL,         -- microseconds since the epoch, UTC
    sample_count INTEGER NOT NULL,       -- payloads it was trained on
    dict BLOB NOT NULL);
CREATE TABLE kept_items(
    id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,        -- microseconds since the epoch, UTC
    project_id INTEGER,
    source_id INTEGER,
    envelope_event_id TEXT,              -- the envelope header's event_id, if any
    item_index INTEGER NOT NULL,         -- position in its envelope
    item_type TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    rejection TEXT,                      -- NULL: kept uninterpreted (session, client report, profile...); else why it was refused
    codec INTEGER NOT NULL,              -- PayloadCodec of `data`
    raw_size INTEGER NOT NULL,           -- bytes of the item's payload as received
    data BLOB NOT NULL);
CREATE INDEX kept_items_time ON kept_items(received_at);
)sql",
    // 11 -> 12: the import's per-event writes that grew with the workspace
    // (issue #20). Traces of events above meta 'trace_mark' (an events.id)
    // are stale without a trace_stale row: a batch no longer marks each of its
    // traces in that random-key table; trace assembly moves them into it first
    // (tracerows.h). Releases are kept by the writer in the events'
    // transaction, not found again after each commit by a scan of the new
    // events; the events after the triage mark get theirs here, in case a
    // crash came between a batch and its re-evaluation.
    R"sql(
INSERT OR REPLACE INTO meta(key, value) VALUES('trace_mark', (SELECT coalesce(max(id), 0) FROM events));
INSERT INTO releases(project_id, version, first_seen)
    SELECT project_id, release, min(timestamp) FROM events
    WHERE id > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'triage_event_mark'), 0)
      AND coalesce(release, '') <> '' GROUP BY 1, 2
    ON CONFLICT(project_id, version) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen);
)sql",
    // 12 -> 13: integer keys for the events' random text identities (issue
    // #20). The unique index on (project_id, event_id) and the index on
    // trace_id held 32-character keys: at a million events each was 50 MB, and
    // each commit rewrote most of their pages. Now each row carries 63 bits of
    // MD5 over the workspace's random seed and its event id (and trace id),
    // and the indexes hold those (rowkeys.h): 2.4x smaller. A key is never
    // trusted alone: every lookup also compares the text. The seed makes
    // colliding ids costly to craft for a file imported into this workspace.
    // An event id is unique per project because the one writer (EventWriter)
    // looks each one up in the transaction that inserts it.
    R"sql(
INSERT OR IGNORE INTO meta(key, value) VALUES('row_key_seed', lower(hex(randomblob(16))));
ALTER TABLE events ADD COLUMN event_key INTEGER;
ALTER TABLE events ADD COLUMN trace_key INTEGER;
UPDATE events SET
    event_key = stackdeck_key(event_id, (SELECT value FROM meta WHERE key = 'row_key_seed')),
    trace_key = CASE WHEN trace_id IS NULL THEN NULL
                     ELSE stackdeck_key(trace_id, (SELECT value FROM meta WHERE key = 'row_key_seed')) END;
DROP INDEX events_identity;
DROP INDEX events_trace;
CREATE INDEX events_key ON events(event_key);
CREATE INDEX events_trace_key ON events(trace_key) WHERE trace_key IS NOT NULL;
)sql",
    // 13 -> 14: the key lookups go through two tables instead of indexes on
    // events (rowkeys.h, issue #20). An index on random keys has each commit
    // dirty about one of its leaves per event until it holds all of them: at a
    // million events every commit rewrote both key indexes whole. New keys go
    // into the small row_keys_new, and the writer moves them into row_keys in
    // key order, in bulk. The rows keep their keys as the source of both.
    R"sql(
CREATE TABLE row_keys(
    kind INTEGER NOT NULL,               -- 0: events.event_key, 1: events.trace_key
    key INTEGER NOT NULL,
    event_rowid INTEGER NOT NULL,
    PRIMARY KEY(kind, key, event_rowid)) WITHOUT ROWID;
CREATE TABLE row_keys_new(
    kind INTEGER NOT NULL,
    key INTEGER NOT NULL,
    event_rowid INTEGER NOT NULL,
    PRIMARY KEY(kind, key, event_rowid)) WITHOUT ROWID;
INSERT INTO row_keys(kind, key, event_rowid)
    SELECT 0, event_key, id FROM events WHERE event_key IS NOT NULL ORDER BY event_key, id;
INSERT INTO row_keys(kind, key, event_rowid)
    SELECT 1, trace_key, id FROM events WHERE trace_key IS NOT NULL ORDER BY trace_key, id;
DROP INDEX events_key;
DROP INDEX events_trace_key;
)sql",
};

} // namespace

std::span<const char* const> schemaMigrations()
{
    return kMigrations;
}

} // namespace stackdeck::store
