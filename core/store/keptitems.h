#pragma once

#include "sqlite.h"
#include "util/payloadcodec.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::store {

// Envelope items the local endpoint received but did not store as events,
// logs or attachments (issue #19, "store, never drop"): items nobody
// interprets (sessions, client reports, profiles, replays, check-ins, unknown
// types) and items refused inside an envelope that was otherwise stored,
// each with its payload bytes as received. Table kept_items (schema 11).
//
// Only the endpoint writes them: a file import keeps its file, and its
// import report names every refused record with its place in that file, so
// keeping the bytes again would only double a session-heavy dump.

// One item to keep, as the endpoint prepared it (its payload compressed).
struct KeptItemRow {
    std::int64_t receivedAt = 0; // microseconds since the epoch, UTC
    std::string project; // workspace project name ("" or unknown: no project)
    std::string envelopeEventId;
    int itemIndex = 0; // in its envelope, from 1; 0 when unknown
    std::string itemType;
    std::string contentType;
    std::optional<std::string> rejection; // nullopt: kept uninterpreted
    PayloadCodec codec = PayloadCodec::Plain;
    std::int64_t rawSize = 0; // payload bytes as received
    std::string data; // the payload, compressed with `codec`
};

// The payload compressed for a KeptItemRow: LZ4 when that saves a tenth or more, else as is.
void encodeKeptPayload(KeptItemRow& row, std::string_view payload);

// A kept item as listed (without its bytes).
struct KeptItem {
    std::int64_t id = 0;
    std::int64_t receivedAt = 0;
    std::string project; // "" when none
    std::string envelopeEventId;
    int itemIndex = 0;
    std::string itemType;
    std::string contentType;
    std::optional<std::string> rejection;
    std::int64_t rawSize = 0;
    std::int64_t storedSize = 0; // bytes in the workspace (compressed)
};

// How much the table may hold: past either cap the oldest rows go, so a
// client cannot fill the disk with sessions or broken items.
struct KeptItemsRetention {
    std::int64_t maxRows = 100'000;
    std::int64_t maxBytes = std::int64_t {256} << 20; // stored (compressed) payload bytes
};

// Inserts the rows (inside the caller's transaction; throws sql::SqliteError).
void insertKeptItems(sql::Database& db, const std::vector<KeptItemRow>& rows, std::int64_t sourceId);

// Rows and stored payload bytes in the table.
struct KeptItemsTotals {
    std::int64_t rows = 0;
    std::int64_t bytes = 0;
};
KeptItemsTotals keptItemsTotals(sql::Database& db);

// Deletes the oldest rows until the table is within `retention` (down to nine
// tenths of each cap, so it does not run again on the next insert). Inside the
// caller's transaction; returns the rows deleted.
std::int64_t pruneKeptItems(sql::Database& db, const KeptItemsRetention& retention);

// Newest first. `rejectedOnly`: only refused items; `id`: only that one.
struct KeptItemsQuery {
    int limit = 500; // -1: all
    bool rejectedOnly = false;
    std::int64_t id = 0;
};
Result<std::vector<KeptItem>> keptItems(sql::Database& db, const KeptItemsQuery& query = {});

// The payload bytes of one kept item, as received.
Result<std::string> keptItemData(sql::Database& db, std::int64_t id);

} // namespace stackdeck::store
