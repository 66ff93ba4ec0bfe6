#pragma once

// Migration 0 -> 1 (schemamigrations.cpp): the tables and indexes every
// workspace starts from. It has shipped: never edit it; later migrations
// change what it made.

namespace stackdeck::store {

inline constexpr const char* kFoundationSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;

CREATE TABLE sources(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                 -- file | server | endpoint | demo | stdin
    location TEXT NOT NULL,             -- absolute path, server URL, endpoint address
    label TEXT,
    created_at INTEGER NOT NULL,
    last_import_at INTEGER,
    UNIQUE(kind, location));

CREATE TABLE projects(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    platform TEXT,
    server_id TEXT,
    server_slug TEXT,
    source_id INTEGER REFERENCES sources(id),
    grouping_enhancements TEXT,          -- custom stack-trace rules
    fingerprint_rules TEXT,              -- custom server-side fingerprint rules
    created_at INTEGER NOT NULL);

CREATE TABLE issues(
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    primary_hash TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    culprit TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT 'error',
    level INTEGER NOT NULL DEFAULT 3,    -- 0 debug .. 4 fatal
    platform TEXT NOT NULL DEFAULT '',
    metadata TEXT,                       -- JSON {type, value, filename, function}
    first_seen INTEGER NOT NULL,         -- microseconds since the epoch, UTC
    last_seen INTEGER NOT NULL,
    title_ts INTEGER NOT NULL DEFAULT 0, -- timestamp of the event the title comes from
    event_count INTEGER NOT NULL DEFAULT 0,
    user_count INTEGER NOT NULL DEFAULT 0,
    status INTEGER NOT NULL DEFAULT 0,   -- 0 unresolved, 1 resolved, 2 ignored
    substatus TEXT,
    assignee TEXT,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    first_release TEXT,
    last_release TEXT,
    server_id TEXT,
    short_id TEXT,
    search_rows INTEGER NOT NULL DEFAULT 0);
CREATE INDEX issues_last_seen ON issues(last_seen DESC, id DESC);
CREATE INDEX issues_first_seen ON issues(first_seen DESC, id DESC);
CREATE INDEX issues_event_count ON issues(event_count DESC, id DESC);
CREATE INDEX issues_user_count ON issues(user_count DESC, id DESC);
CREATE INDEX issues_project ON issues(project_id, status, last_seen DESC);
CREATE UNIQUE INDEX issues_server ON issues(project_id, server_id) WHERE server_id IS NOT NULL;

CREATE TABLE issue_hashes(
    project_id INTEGER NOT NULL,
    hash TEXT NOT NULL,
    issue_id INTEGER NOT NULL,
    PRIMARY KEY(project_id, hash)) WITHOUT ROWID;
CREATE INDEX issue_hashes_issue ON issue_hashes(issue_id);

CREATE TABLE events(
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    event_id TEXT NOT NULL,              -- 32 lowercase hex
    issue_id INTEGER,                    -- NULL for transactions and segments
    type INTEGER NOT NULL,               -- EventType
    level INTEGER NOT NULL,
    platform TEXT,
    timestamp INTEGER NOT NULL,
    received INTEGER,
    duration_us INTEGER,                 -- transactions and segments
    title TEXT,
    culprit TEXT,
    message TEXT,
    release TEXT,
    environment TEXT,
    user_key TEXT,
    trace_id TEXT,
    span_id TEXT,
    transaction_name TEXT,
    primary_hash TEXT,
    hashes TEXT,                         -- all grouping hashes, space separated, primary first
    tag_ids TEXT,                        -- JSON array of tags.id: the event's tags
    source_id INTEGER);
CREATE UNIQUE INDEX events_identity ON events(project_id, event_id);
CREATE INDEX events_issue_time ON events(issue_id, timestamp) WHERE issue_id IS NOT NULL;
CREATE INDEX events_trace ON events(trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX events_time ON events(timestamp);

-- The original JSON of every event, verbatim (zstd-compressed when codec = 1);
-- every other table can be rebuilt from it.
CREATE TABLE event_payloads(
    event_rowid INTEGER PRIMARY KEY,
    item_type TEXT NOT NULL DEFAULT '',    -- envelope item type it came as ("" = bare JSON document)
    content_type TEXT NOT NULL DEFAULT '', -- and its content type: together they say how to read it back
    codec INTEGER NOT NULL,
    raw_size INTEGER NOT NULL,
    data BLOB NOT NULL);

CREATE TABLE tags(
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE(key, value));
CREATE TABLE issue_tags(
    issue_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY(issue_id, tag_id)) WITHOUT ROWID;
CREATE INDEX issue_tags_tag ON issue_tags(tag_id);

CREATE TABLE issue_users(
    issue_id INTEGER NOT NULL,
    user_hash INTEGER NOT NULL,
    PRIMARY KEY(issue_id, user_hash)) WITHOUT ROWID;

CREATE TABLE issue_hourly(
    issue_id INTEGER NOT NULL,
    hour INTEGER NOT NULL,               -- hours since the epoch
    count INTEGER NOT NULL,
    PRIMARY KEY(issue_id, hour)) WITHOUT ROWID;

CREATE TABLE spans(
    event_rowid INTEGER NOT NULL,        -- the transaction or segment
    idx INTEGER NOT NULL,
    span_id TEXT,
    parent_span_id TEXT,
    op TEXT,
    description TEXT,
    status TEXT,
    start_us INTEGER,
    end_us INTEGER,
    exclusive_ms REAL,
    PRIMARY KEY(event_rowid, idx)) WITHOUT ROWID;

CREATE TABLE attachments(
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    event_id TEXT,
    filename TEXT,
    attachment_type TEXT,
    content_type TEXT,
    size INTEGER,
    source_id INTEGER,
    UNIQUE(project_id, event_id, filename));

CREATE TABLE logs(
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    timestamp INTEGER,
    trace_id TEXT,
    span_id TEXT,
    level TEXT,
    body TEXT,
    attributes TEXT,
    source_id INTEGER,
    fingerprint TEXT NOT NULL,
    UNIQUE(project_id, fingerprint));
CREATE INDEX logs_trace ON logs(trace_id) WHERE trace_id IS NOT NULL;

-- Free-text search at issue level. Row ids are (issue id << 20) | n, so a
-- match yields its issue without a lookup; each row holds one distinct text
-- (titles, messages, exception types and values, frame functions, files and
-- modules) seen in the issue's events.
CREATE VIRTUAL TABLE search USING fts5(title, body, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE issue_texts(
    issue_id INTEGER NOT NULL,
    text_hash INTEGER NOT NULL,
    PRIMARY KEY(issue_id, text_hash)) WITHOUT ROWID;
)sql";

} // namespace stackdeck::store
