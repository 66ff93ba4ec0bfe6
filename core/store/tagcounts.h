#pragma once

#include "model/timestamp.h"
#include "sqlite.h"

#include <cstdint>
#include <optional>
#include <unordered_map>

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

// Counts of (issue, tag) pairs, as issue_tags keeps them.
class TagCounts {
public:
    void add(std::int64_t issue, std::int64_t tag, Micros timestamp);
    void merge(TagCounts&& other);
    bool empty() const { return m_counts.empty(); }
    std::size_t size() const { return m_counts.size(); }
    void clear() { m_counts.clear(); }
    // Adds them to issue_tags in key order (inside the caller's transaction), then clears.
    void write(sql::Database& db);

private:
    struct Key {
        std::int64_t issue;
        std::int64_t tag;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const
        {
            return std::hash<std::uint64_t> {}(
                static_cast<std::uint64_t>(k.issue) * 0x9e3779b97f4a7c15ULL ^ static_cast<std::uint64_t>(k.tag));
        }
    };
    struct Count {
        std::int64_t count = 0;
        Micros first = 0;
        Micros last = 0;
    };
    std::unordered_map<Key, Count, KeyHash> m_counts;
};

// meta 'tag_counts_mark'; nullopt when there is none (every event is counted).
std::optional<std::int64_t> tagCountsMark(sql::Database& db);
// The newest events.id (0 when none).
std::int64_t newestEventRow(sql::Database& db);
// Raises the mark to `row`: issue_tags counts every event up to it.
void setTagCountsMark(sql::Database& db, std::int64_t row);

// Whether some stored events are not counted in issue_tags yet (above the mark).
bool tagCountsBehind(sql::Database& db);

// Counts the events above the mark (from their rows) into issue_tags and
// raises the mark to the newest event; nothing when there is no mark or none
// is above it. In the caller's transaction, else in one of its own. Every
// writer of issue_tags calls it first, so no event is counted twice or
// missed. Returns how many events it counted.
std::int64_t catchUpTagCounts(sql::Database& db);

} // namespace stackdeck::store
