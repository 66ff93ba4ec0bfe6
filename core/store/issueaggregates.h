#pragma once

#include "model/ids.h"
#include "model/level.h"
#include "model/timestamp.h"
#include "sqlite.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace stackdeck::store {

// Per-issue aggregates of one batch (event count, first/last seen, title of
// the newest event, releases, hourly counts, tag value counts, users), written
// in a handful of bulk statements at the end of the batch's transaction.
class IssueAggregates {
public:
    struct EventFacts {
        Micros timestamp = 0;
        Level level = Level::Error;
        const std::string* title = nullptr;
        const std::string* culprit = nullptr;
        const std::string* metadata = nullptr;
        const std::string* release = nullptr;
        const std::vector<std::int64_t>* tagIds = nullptr;
        std::uint64_t userHash = 0; // 0 = anonymous
    };

    void add(IssueId issue, const EventFacts& facts);
    void addSearchRows(IssueId issue, std::int64_t rows);
    // Writes everything accumulated and clears it. Inside the caller's transaction.
    void flush(sql::Database& db);
    void clear() { m_deltas.clear(); }

private:
    struct TagAgg {
        std::int64_t count = 0;
        Micros first = 0;
        Micros last = 0;
    };
    struct Delta {
        std::int64_t events = 0;
        Micros minTs = 0;
        Micros maxTs = 0;
        std::string title, culprit, metadata, lastRelease, firstRelease;
        Level level = Level::Error;
        std::int64_t searchRows = 0;
        std::map<std::int64_t, std::int64_t> hourly;
        std::unordered_map<std::int64_t, TagAgg> tags;
        std::vector<std::uint64_t> users;
    };
    std::unordered_map<std::int64_t, Delta> m_deltas;
};

} // namespace stackdeck::store
