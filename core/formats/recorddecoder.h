#pragma once

#include "decodedetail.h"
#include "model/event.h"
#include "model/logrecord.h"
#include "rawrecord.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck {

// What a record turned out to be.
enum class RecordKind : std::uint8_t {
    Event, // error / default event (also security reports)
    Transaction,
    Segment, // span segment(s) from a `span` item (v2 container or a legacy single span)
    Feedback, // `feedback` item (user feedback as an event)
    Log, // `log` container
    Attachment,
    UserReport, // legacy `user_report`
    Session,
    Sessions,
    ClientReport,
    CheckIn,
    Profile, // profile, profile_chunk
    Replay, // replay_event, replay_recording, replay_video
    Statsd, // statsd, metric_buckets
    TraceMetric,
    Other, // unknown or reserved item types
};

std::string_view recordKindName(RecordKind kind);
// Kinds decoded into events (DecodedRecord::events).
bool isEventKind(RecordKind kind);

struct DecodedEvent {
    Event event;
    // event.eventId, or when the payload had none, the MD5 of rawJson: the same
    // payload imported twice gets the same id.
    std::string eventId;
    bool eventIdSynthesized = false;
    // The JSON to store verbatim. decodeRecord() of a RawRecord with this
    // payload, itemType and contentType gives this event again (for reindex);
    // only an envelope-header event_id is not in it (keep eventId with it).
    std::string rawJson;
};

struct AttachmentInfo {
    std::string filename;
    std::string attachmentType; // event.attachment when the header does not say
    std::string contentType;
    std::int64_t size = 0;
    std::string eventId; // of the envelope
    bool bytesKept = false;
};

struct DecodedRecord {
    RecordKind kind = RecordKind::Other;
    std::string itemType; // as the record had it ("" for bare JSON)
    std::string contentType; // likewise
    std::vector<DecodedEvent> events; // one, or one per segment of a span container
    std::vector<LogRecord> logs;
    std::optional<AttachmentInfo> attachment;
    std::string relatedEventId; // user_report: the event it is about; attachment: the envelope event
    // Skipped kinds (sessions, client reports, ...): nothing to store, count it.
    bool skipped = false;
    // Repairs made while decoding (invalid UTF-8, NaN, item_count mismatch...).
    std::vector<std::string> warnings;

    const Event* event() const { return events.empty() ? nullptr : &events.front().event; }
};

// Decodes one record. Thread-safe (each thread uses its own parser), so the
// importer can run it on worker threads while one thread splits the file.
// Errors are for records that hold nothing importable: invalid JSON, JSON that
// is not a Sentry payload, an empty event item. The caller pairs the error
// with record.location (see rejectionFor).
Result<DecodedRecord> decodeRecord(const RawRecord& record, DecodeDetail depth = DecodeDetail::Full);
// The same, moving the payload into DecodedEvent::rawJson instead of copying
// it. Only the payload is taken: record.location stays valid for rejectionFor.
Result<DecodedRecord> decodeRecord(RawRecord&& record, DecodeDetail depth = DecodeDetail::Full);

// Convenience for stored JSON (reindex): the same as decodeRecord of a bare record.
Result<DecodedRecord> decodeJson(
    std::string json, std::string itemType = {}, std::string contentType = {}, DecodeDetail depth = DecodeDetail::Full);

Rejection rejectionFor(const RawRecord& record, const Error& error);

} // namespace stackdeck
