#pragma once

#include "model/event.h"
#include "model/ids.h"
#include "sqlite.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// One row of the events table: what lists show without opening the payload.
struct EventRow {
    EventRowId row;
    std::string eventId;
    IssueId issue;
    std::string project;
    Micros timestamp = 0;
    EventType type = EventType::Default;
    Level level = Level::Error;
    std::string platform;
    std::string title;
    std::string message;
    std::string release;
    std::string environment;
    std::string traceId;
    std::string transaction;
    std::optional<Micros> durationUs;
    std::string primaryHash;
};

struct EventListRequest {
    std::optional<IssueId> issue;
    std::optional<std::string> traceId;
    bool transactionsOnly = false;
    bool newestFirst = true;
    // keyset: rows strictly after this (timestamp, row id) in the chosen order
    std::optional<std::pair<Micros, std::int64_t>> after;
    int limit = 100;
};

std::vector<EventRow> listEvents(sql::Database& db, const EventListRequest& request);
std::int64_t countEvents(sql::Database& db, std::optional<IssueId> issue = std::nullopt);

// Event id (32 hex, dashes and case tolerated) -> row; several projects may hold
// the same id, the first (lowest row) wins.
// The newest events.id (0 when none): marks of "counted up to here" (tag
// counts, traces, triage) are row ids.
std::int64_t newestEventRow(sql::Database& db);
std::optional<EventRow> eventByEventId(sql::Database& db, const std::string& eventId);
std::optional<EventRow> eventByRow(sql::Database& db, EventRowId row);

// The stored original JSON, decompressed, and the envelope item type it came as.
struct StoredPayload {
    std::string itemType;
    std::string contentType;
    std::string json;
};
Result<StoredPayload> loadPayload(sql::Database& db, EventRowId row);

// Position of an event among its issue's events, oldest first (1-based), for "N of M".
std::int64_t eventPositionInIssue(sql::Database& db, const EventRow& event);
// Neighbours within the issue in time order (oldest..latest navigation).
std::optional<EventRow> adjacentEventInIssue(sql::Database& db, const EventRow& event, bool newer);
std::optional<EventRow> boundaryEventInIssue(sql::Database& db, IssueId issue, bool latest);

} // namespace stackdeck::store
