#pragma once

#include "model/ids.h"
#include "model/timestamp.h"
#include "sqlite.h"
#include "util/payloadcodec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stackdeck::store {

// One stored event as a rebuild reads it back: its ids, its compressed
// original and what its row says about its grouping now.
struct StoredEventRow {
    EventRowId row;
    IssueId issue; // as committed when read
    std::string project;
    std::string eventId;
    Micros timestamp = 0;
    std::string itemType;
    std::string contentType;
    PayloadCodec codec = PayloadCodec::Plain;
    std::size_t rawSize = 0; // as stored: untrusted until decodePayload checks it
    std::string data;
    std::string storedHashes, storedTitle, storedCulprit;
};

// The stored events a scan covers, a page at a time in row order: every event
// (of one project, errors only if asked) or just the listed rows.
class StoredEventPages {
public:
    // `project` empty: every project. `onlyRows` (ascending), when set, limits the pages to those rows.
    StoredEventPages(sql::Database& db, std::string project, bool errorsOnly,
        std::shared_ptr<const std::vector<std::int64_t>> onlyRows);

    // How many rows the pages cover.
    std::int64_t count();
    // Appends the next page of at most `limit` rows; false when none was left.
    bool next(std::vector<StoredEventRow>& out, int limit);

private:
    sql::Database& m_db;
    std::string m_project;
    std::int64_t m_errorsOnly;
    std::shared_ptr<const std::vector<std::int64_t>> m_onlyRows;
    sql::Statement m_page;
    std::int64_t m_last = 0;
    std::size_t m_listed = 0;
    bool m_done = false;
};

} // namespace stackdeck::store
