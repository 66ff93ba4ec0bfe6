#pragma once

#include "model/timestamp.h"
#include "sqlite.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace stackdeck::store {

// issue_tags, the count of each tag value per issue, is the import's costliest
// table at scale: every commit rewrote nearly all of its pages (measured at a
// million events: 23 µs of upserts per event, and half of the writer's growth
// with the workspace). So an import defers it (EventWriter::deferTagCounts):
// it counts in memory and writes the counts in bulk, once per many commits.
//
// The rule that keeps it exact: when meta 'tag_counts_mark' (an events.id) is
// present, issue_tags counts exactly the events up to it; the events above it
// are counted by the writer that deferred them, or, when that writer is gone
// (killed, failed) or another connection wrote meanwhile, by
// catchUpTagCounts, which reads their tags back from events.tag_ids. Without
// the key every event is counted (workspaces before deferral).

// Counts of (issue, tag) pairs, as issue_tags keeps them. An open-addressing
// table: an import at a million events keeps ~430,000 pairs per 50,000
// events, and a node per pair (std::unordered_map) made the lookups a tenth of
// the writer's time.
class TagCounts {
public:
    void add(std::int64_t issue, std::int64_t tag, Micros timestamp);
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    // Empties it and keeps its slots, for the pairs counted next (as many, mostly).
    void clear();
    // Adds them to issue_tags in key order (inside the caller's transaction), then clears.
    void write(sql::Database& db);

private:
    struct Slot {
        std::int64_t issue = 0;
        std::int64_t tag = 0;
        std::int64_t count = 0; // 0: a free slot
        Micros first = 0;
        Micros last = 0;
    };
    // The pair's slot, claimed (count 0) when it is new.
    Slot& slotFor(std::int64_t issue, std::int64_t tag);
    void grow();

    std::vector<Slot> m_slots; // a power of two, at most half full
    std::size_t m_size = 0;
};

// meta 'tag_counts_mark'; nullopt when there is none (every event is counted).
std::optional<std::int64_t> tagCountsMark(sql::Database& db);
// Raises the mark to `row`: issue_tags counts every event up to it.
void setTagCountsMark(sql::Database& db, std::int64_t row);

// Whether some stored events are not counted in issue_tags yet (above the mark).
bool tagCountsBehind(sql::Database& db);
// How many: the events a running import counts in memory until it writes
// them (the issue pane says so rather than show its counts as final).
std::int64_t eventsNotInTagCounts(sql::Database& db);

// Counts the events above the mark (from their rows) into issue_tags and
// raises the mark to the newest event; nothing when there is no mark or none
// is above it. In the caller's transaction, else in one of its own. Every
// writer of issue_tags calls it first, so no event is counted twice or
// missed. Returns how many events it counted.
std::int64_t catchUpTagCounts(sql::Database& db);

} // namespace stackdeck::store
