#!/usr/bin/env python3
"""Checks for tests/crash/kill-loop.sh: a workspace's integrity and invariants,
and a description of its derived tables that two workspaces can be compared by.

  check.py consistency DB   integrity_check, the FTS index, and the invariants of
                            core/store/consistency.cpp; one line per problem
  check.py same A B [WHAT]  whether A and B describe the same issues (and counts)
  check.py counts DB        events, errors without an issue, issues, spans
  check.py marker DB        1 when an interrupted reindex left its marker, else 0
  check.py copy SRC DST     a consistent copy through SQLite's backup API
  check.py triage DB        sets status, assignee and bookmark on a few issues, and notes

Exit status: 0 ok, 1 a check failed, 2 usage or I/O error.
"""
import hashlib
import sqlite3
import sys

# The invariants of core/store/consistency.cpp (checkConsistency), kept in step
# with it: an interrupted job must leave a workspace that passes all of them.
INVARIANTS = [
    ("issue event_count differs from its events",
     "SELECT i.id, i.event_count, (SELECT count(*) FROM events e WHERE e.issue_id = i.id) AS n "
     "FROM issues i WHERE i.event_count != n"),
    ("issue user_count differs from issue_users",
     "SELECT i.id, i.user_count, (SELECT count(*) FROM issue_users u WHERE u.issue_id = i.id) AS n "
     "FROM issues i WHERE i.user_count != n"),
    ("issue histogram differs from event_count",
     "SELECT i.id, i.event_count, coalesce((SELECT sum(count) FROM issue_hourly h WHERE h.issue_id = i.id), 0) AS n "
     "FROM issues i WHERE i.event_count != n"),
    ("issue first/last seen differ from its events",
     "SELECT i.id, i.first_seen, i.last_seen FROM issues i JOIN (SELECT issue_id, min(timestamp) AS lo, "
     "max(timestamp) AS hi FROM events WHERE issue_id IS NOT NULL GROUP BY issue_id) e ON e.issue_id = i.id "
     "WHERE i.first_seen != e.lo OR i.last_seen != e.hi"),
    ("tag count exceeds the issue's events",
     "SELECT it.issue_id, it.tag_id, it.count FROM issue_tags it JOIN issues i ON i.id = it.issue_id "
     "WHERE it.count > i.event_count"),
    ("event without payload",
     "SELECT e.id, e.event_id FROM events e LEFT JOIN event_payloads p ON p.event_rowid = e.id "
     "WHERE p.event_rowid IS NULL"),
    ("event's primary hash not attached to its issue",
     "SELECT e.id, e.primary_hash FROM events e WHERE e.issue_id IS NOT NULL AND e.primary_hash IS NOT NULL AND "
     "NOT EXISTS (SELECT 1 FROM issue_hashes h WHERE h.project_id = e.project_id AND h.hash = e.primary_hash)"),
    ("event points at a missing issue",
     "SELECT e.id, e.issue_id FROM events e WHERE e.issue_id IS NOT NULL AND NOT EXISTS "
     "(SELECT 1 FROM issues i WHERE i.id = e.issue_id)"),
    ("activity of a missing issue",
     "SELECT a.id, a.issue_id FROM issue_activity a WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.id = a.issue_id)"),
    ("issue without events",
     "SELECT i.id FROM issues i WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.issue_id = i.id)"),
    # Not in consistency.cpp: an issue's hash that points elsewhere, and an
    # event's tag counted in no issue_tags row.
    ("issue hash points at a missing issue",
     "SELECT h.project_id, h.hash, h.issue_id FROM issue_hashes h WHERE NOT EXISTS "
     "(SELECT 1 FROM issues i WHERE i.id = h.issue_id)"),
    ("issue's primary hash not in issue_hashes",
     "SELECT i.id, i.primary_hash FROM issues i WHERE NOT EXISTS (SELECT 1 FROM issue_hashes h "
     "WHERE h.issue_id = i.id AND h.hash = i.primary_hash)"),
    # Schema 13 (core/store/rowkeys.h): no unique index keeps an event id once
    # per project, and each row's keys must be those of its ids.
    ("event id stored twice in a project",
     "SELECT project_id, event_id, count(*) FROM events GROUP BY event_key, project_id, event_id "
     "HAVING count(*) > 1"),
    ("event row's key differs from its event or trace id",
     "SELECT e.id, e.event_id, e.trace_id FROM events e WHERE e.event_key IS NOT stackdeck_key(e.event_id, "
     "(SELECT value FROM meta WHERE key = 'row_key_seed')) OR e.trace_key IS NOT stackdeck_key(e.trace_id, "
     "(SELECT value FROM meta WHERE key = 'row_key_seed'))"),
    # Schema 14: each event's keys are in one of the key tables, once.
    ("event's key missing from the key tables",
     "SELECT e.id, e.event_id FROM events e WHERE (NOT EXISTS (SELECT 1 FROM row_keys k WHERE k.kind = 0 AND "
     "k.key = e.event_key AND k.event_rowid = e.id) AND NOT EXISTS (SELECT 1 FROM row_keys_new k WHERE k.kind = 0 "
     "AND k.key = e.event_key AND k.event_rowid = e.id)) OR (e.trace_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
     "row_keys k WHERE k.kind = 1 AND k.key = e.trace_key AND k.event_rowid = e.id) AND NOT EXISTS (SELECT 1 FROM "
     "row_keys_new k WHERE k.kind = 1 AND k.key = e.trace_key AND k.event_rowid = e.id))"),
    ("key row of no event, or not its key",
     "SELECT k.kind, k.key, k.event_rowid FROM (SELECT kind, key, event_rowid FROM row_keys UNION ALL SELECT kind, "
     "key, event_rowid FROM row_keys_new) k LEFT JOIN events e ON e.id = k.event_rowid WHERE e.id IS NULL OR "
     "k.key IS NOT (CASE k.kind WHEN 0 THEN e.event_key WHEN 1 THEN e.trace_key END)"),
    ("key row in both key tables",
     "SELECT n.kind, n.key, n.event_rowid FROM row_keys_new n WHERE EXISTS (SELECT 1 FROM row_keys k WHERE "
     "k.kind = n.kind AND k.key = n.key AND k.event_rowid = n.event_rowid)"),
]


def stackdeck_key(text, seed):
    """core/store/rowkeys.cpp: 63 bits of MD5 over the seed (if it is 32 hex digits), a newline and the text."""
    if text is None:
        return None
    if not isinstance(seed, str) or len(seed) != 32 or any(c not in "0123456789abcdef" for c in seed):
        seed = ""
    return int(hashlib.md5((seed + "\n" + text).encode("utf-8")).hexdigest()[:16], 16) >> 1

# One line per issue, without row ids, so two workspaces compare: what the
# issue list shows, its triage, and digests of its tag counts and histogram.
# Not search_rows: it is the next free search rowid of the issue, which
# depends on the way there (a regroup leaves its stale rows below it).
SIGNATURE = (
    "SELECT i.primary_hash, i.title, i.culprit, i.type, i.level, i.platform, i.event_count, i.user_count, "
    "i.first_seen, i.last_seen, i.first_release, i.last_release, i.status, i.assignee, i.bookmarked, "
    "(SELECT group_concat(h, ' ') FROM (SELECT hash AS h FROM issue_hashes WHERE issue_id = i.id ORDER BY hash)), "
    "(SELECT group_concat(t, ';') FROM (SELECT tg.key || '=' || tg.value || ':' || it.count || '@' || it.first_seen "
    "|| '-' || it.last_seen AS t FROM issue_tags it JOIN tags tg ON tg.id = it.tag_id WHERE it.issue_id = i.id "
    "ORDER BY 1)), "
    "(SELECT group_concat(hr, ';') FROM (SELECT hour || ':' || count AS hr FROM issue_hourly WHERE issue_id = i.id "
    "ORDER BY hour)) "
    "FROM issues i"
)

# The notes people wrote, by the hash of the issue they are on now: a rebuild
# of the issue tables must keep each on its issue.
NOTES = ("SELECT a.kind || '|' || coalesce(a.text, '') || '|' || coalesce(a.author, '') || '|' || "
         "coalesce((SELECT primary_hash FROM issues i WHERE i.id = a.issue_id), '(no issue)') "
         "FROM issue_activity a WHERE a.kind = 'note'")

TOTALS = [
    ("events", "SELECT count(*) FROM events"),
    ("errors without an issue", "SELECT count(*) FROM events WHERE issue_id IS NULL AND primary_hash IS NOT NULL"),
    ("issues", "SELECT count(*) FROM issues"),
    ("issue hashes", "SELECT count(*) FROM issue_hashes"),
    ("spans", "SELECT coalesce(sum(count), 0) FROM event_spans"),
    ("transactions with spans", "SELECT count(*) FROM event_spans"),
    ("payloads", "SELECT count(*) FROM event_payloads"),
    ("activity", "SELECT count(*) FROM issue_activity"),
]


def connect(path, readonly=True):
    uri = "file:" + path + ("?mode=ro" if readonly else "")
    # Not read-only when a -wal is left by a killed writer: recovering it needs write access.
    db = sqlite3.connect(uri, uri=True, timeout=30)
    db.create_function("stackdeck_key", 2, stackdeck_key, deterministic=True)
    return db


def has_schema(db):
    # A writer killed before its first commit leaves an empty database (a
    # file of 0 bytes): nothing stored, and the next run creates the schema.
    return db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'issues'").fetchone()[0] > 0


def consistency(path):
    db = connect(path, readonly=False)
    problems = []
    for (row,) in db.execute("PRAGMA integrity_check"):
        if row != "ok":
            problems.append("integrity: " + row)
    if not has_schema(db):
        db.close()
        return problems
    try:
        db.execute("INSERT INTO search(search) VALUES('integrity-check')")
    except sqlite3.DatabaseError as e:
        problems.append("search index: " + str(e))
    for what, query in INVARIANTS:
        rows = db.execute(query).fetchall()
        for r in rows[:5]:
            problems.append(what + ": " + ", ".join("NULL" if v is None else str(v) for v in r))
        if len(rows) > 5:
            problems.append("%s: ... %d more" % (what, len(rows) - 5))
    db.rollback()
    db.close()
    return problems


def describe(path):
    db = connect(path, readonly=False)
    if not has_schema(db):
        db.close()
        return [], [(what, 0) for what, _ in TOTALS]
    issues = sorted("|".join("" if v is None else str(v) for v in row) for row in db.execute(SIGNATURE))
    issues += sorted("note: " + row[0] for row in db.execute(NOTES))
    totals = [(what, db.execute(q).fetchone()[0]) for what, q in TOTALS]
    db.close()
    return issues, totals


def same(a, b):
    ia, ta = describe(a)
    ib, tb = describe(b)
    out = []
    for (what, x), (_, y) in zip(ta, tb):
        if x != y:
            out.append("%s: %s vs %s" % (what, x, y))
    if ia != ib:
        sa, sb = set(ia), set(ib)
        only_a = sorted(sa - sb)
        only_b = sorted(sb - sa)
        out.append("issues differ: %d only in the first, %d only in the second" % (len(only_a), len(only_b)))
        for line in only_a[:3]:
            out.append("  < " + line[:300])
        for line in only_b[:3]:
            out.append("  > " + line[:300])
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, path = argv[1], argv[2]
    try:
        if cmd == "consistency":
            problems = consistency(path)
            for p in problems:
                print(p)
            return 1 if problems else 0
        if cmd == "same" and len(argv) >= 4:
            diffs = same(path, argv[3])
            for d in diffs:
                print(d)
            return 1 if diffs else 0
        if cmd == "counts":
            _, totals = describe(path)
            print(" ".join("%s=%s" % (w.replace(" ", "_"), v) for w, v in totals))
            return 0
        if cmd == "marker":
            db = connect(path, readonly=False)
            if not has_schema(db):
                print(0)
                return 0
            n = db.execute("SELECT count(*) FROM meta WHERE key = 'reindex_in_progress'").fetchone()[0]
            db.close()
            print(1 if n else 0)
            return 0
        if cmd == "copy" and len(argv) >= 4:
            src = connect(path, readonly=False)
            dst = sqlite3.connect(argv[3])
            src.backup(dst)
            dst.close()
            src.close()
            return 0
        if cmd == "triage":
            db = connect(path, readonly=False)
            db.execute("UPDATE issues SET status = 1, assignee = 'ana' WHERE id IN "
                       "(SELECT id FROM issues ORDER BY event_count DESC, id LIMIT 5)")
            db.execute("UPDATE issues SET bookmarked = 1, status = 2 WHERE id IN "
                       "(SELECT id FROM issues ORDER BY event_count ASC, id LIMIT 5)")
            # Notes on the issues with the highest ids: the ones a half-rebuilt
            # index is least likely to have given their ids to yet.
            db.execute("INSERT INTO issue_activity(issue_id, kind, text, author, created_at) "
                       "SELECT id, 'note', 'note on ' || primary_hash, 'ana', 1790000000000000 FROM issues "
                       "ORDER BY id DESC LIMIT 3")
            db.commit()
            db.close()
            return 0
    except sqlite3.Error as e:
        print("%s: %s" % (path, e), file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
