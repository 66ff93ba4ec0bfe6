#pragma once

#include "sqlite.h"

#include <cstdint>

namespace stackdeck::store {

// How an import's writer sizes itself to the workspace it writes into.
//
// Each event inserts into a dozen B-trees keyed by random values (event and
// trace ids, (issue, tag) and (issue, user) pairs, timestamps): a commit
// dirties about one leaf page of each per event until the tree has fewer
// leaves than the commit has events. With the fixed 64 MiB cache those pages
// no longer fit once a workspace holds a few hundred thousand events: the
// writer reads them back from the file and spills them into the WAL in the
// middle of a transaction, to dirty and write them again. At 300,000 events
// the same 50,000 events wrote 6.3x the bytes they wrote at 50,000.
struct ImportSizing {
    std::int64_t storedEvents = 0; // rows in `events` (the highest row id) when sized
    std::int64_t cacheBytes = 0; // the writer's page cache, set on its connection
    // Commits hold this many times the import's batch size (1 .. 5): a leaf
    // page dirtied once takes more of the commit's inserts. At a million
    // events each commit rewrote about 11,000 pages of those trees whatever
    // its size (issue_texts, the two event time indexes, issue_users,
    // issue_hourly, issues), so 12,500-event commits wrote 126 MB of WAL each
    // and the 100,000 events of a slice 1 GB; at up to 25,000 (four commits,
    // capped by age) they write a third less, and the import took 12% less CPU.
    double commitScale = 1;
    // And at most this many seconds old (the scale, up to 2.5): a commit
    // stays well under the 5 s other writers wait for the lock.
    double commitSeconds = 1;
};

// Sizes the writer's page cache for `db` (PRAGMA cache_size) and the commits
// from the number of events it holds: 64 MiB and 1x up to 100,000 events,
// then about 640 bytes of cache per stored event (the random-key trees take
// about 420; the rest holds the commit's own new pages), up to 384 MiB; and
// commits one batch size larger per 100,000 stored events (5x from 500,000
// on; at a million the 2.5 s age limit binds first). Cheap (the highest row
// id): call it when a transaction begins.
ImportSizing sizeImportWriter(sql::Database& db);

} // namespace stackdeck::store
