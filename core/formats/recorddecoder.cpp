#include "recorddecoder.h"

#include "eventdecoder.h"
#include "jsonaccess.h"
#include "jsonparse.h"
#include "logdecoder.h"
#include "payloadclassifier.h"
#include "segmentbuilder.h"

#include <mutex>

namespace stackdeck {

using namespace json;

namespace {

RecordKind kindForItemType(std::string_view t)
{
    if (t == "event")
        return RecordKind::Event;
    if (t == "transaction")
        return RecordKind::Transaction;
    if (t == "feedback")
        return RecordKind::Feedback;
    if (t == "span")
        return RecordKind::Segment;
    if (t == "log")
        return RecordKind::Log;
    if (t == "attachment")
        return RecordKind::Attachment;
    if (t == "user_report")
        return RecordKind::UserReport;
    if (t == "session")
        return RecordKind::Session;
    if (t == "sessions")
        return RecordKind::Sessions;
    if (t == "client_report")
        return RecordKind::ClientReport;
    if (t == "check_in")
        return RecordKind::CheckIn;
    if (t == "profile" || t == "profile_chunk" || t == "profile_chunk_ui")
        return RecordKind::Profile;
    if (t == "replay_event" || t == "replay_recording" || t == "replay_video")
        return RecordKind::Replay;
    if (t == "statsd" || t == "metric_buckets")
        return RecordKind::Statsd;
    if (t == "trace_metric")
        return RecordKind::TraceMetric;
    return RecordKind::Other;
}

RecordKind kindForEvent(const Event& event)
{
    switch (event.type) {
    case EventType::Transaction:
        return RecordKind::Transaction;
    case EventType::Segment:
        return RecordKind::Segment;
    case EventType::Feedback:
        return RecordKind::Feedback;
    default:
        return RecordKind::Event;
    }
}

bool isSkippedKind(RecordKind kind)
{
    switch (kind) {
    case RecordKind::Session:
    case RecordKind::Sessions:
    case RecordKind::ClientReport:
    case RecordKind::CheckIn:
    case RecordKind::Profile:
    case RecordKind::Replay:
    case RecordKind::Statsd:
    case RecordKind::TraceMetric:
    case RecordKind::Other:
        return true;
    default:
        return false;
    }
}

bool hasFeedbackContext(const Event& event)
{
    for (const auto& ctx : event.contexts) {
        if (ctx.type == "feedback")
            return true;
    }
    return false;
}

// The text an event is stored as. When the caller handed over its payload (or
// the text is a repaired copy) it is moved into the event instead of copied.
struct Payload {
    const std::string& text;
    std::string* owned = nullptr;

    std::string take()
    {
        if (!owned)
            return text;
        std::string out = std::move(*owned);
        owned = nullptr;
        return out;
    }
};

void addEvent(DecodedRecord& out, Event&& event, Payload& payload)
{
    // Built in place: one move of the Event (some fifty members) instead of two.
    DecodedEvent& added = out.events.emplace_back();
    added.eventIdSynthesized = event.eventId.empty();
    added.eventId = added.eventIdSynthesized ? md5Hex(payload.text) : event.eventId;
    added.event = std::move(event);
    added.rawJson = payload.take();
}

void addSegments(DecodedRecord& out, std::vector<SegmentEvent> segments)
{
    for (auto& seg : segments) {
        DecodedEvent de;
        de.eventId = seg.event.eventId;
        de.event = std::move(seg.event);
        de.rawJson = std::move(seg.rawJson);
        out.events.push_back(std::move(de));
    }
}

void checkItemCount(const RawRecord& record, array items, DecodedRecord& out)
{
    if (record.itemCount && *record.itemCount != static_cast<std::int64_t>(items.size()))
        out.warnings.push_back("item_count " + std::to_string(*record.itemCount) + " does not match the "
            + std::to_string(items.size()) + " items of the container");
}

std::optional<array> containerItems(element root)
{
    auto items = member(root, "items");
    if (items && isArray(*items))
        return array(*items);
    return std::nullopt;
}

Status decodeEnvelopeItem(
    const RawRecord& record, element root, Payload& payload, DecodedRecord& out, DecodeDetail depth)
{
    switch (out.kind) {
    case RecordKind::Event:
    case RecordKind::Transaction:
    case RecordKind::Feedback: {
        auto event = decodeEvent(root, false, depth);
        if (!event.ok())
            return event.error();
        if (out.kind == RecordKind::Transaction)
            event->type = EventType::Transaction;
        else if (out.kind == RecordKind::Feedback)
            event->type = EventType::Feedback;
        if (record.envelope && record.eventOrdinal == 0 && !record.envelope->eventId.empty())
            event->eventId = record.envelope->eventId;
        out.kind = kindForEvent(*event);
        addEvent(out, std::move(event).value(), payload);
        return Ok {};
    }
    case RecordKind::Segment: {
        if (!isObject(root))
            return Error {"span item is not a JSON object"};
        if (auto items = containerItems(root)) {
            checkItemCount(record, *items, out);
            addSegments(out, buildSegments(*items, payload.text));
        } else {
            addSegments(out, buildSegmentFromSpan(root, payload.text));
        }
        if (out.events.empty())
            return Error {"span container without spans"};
        return Ok {};
    }
    case RecordKind::Log: {
        auto items = containerItems(root);
        if (!items)
            return Error {"log item without an `items` array"};
        checkItemCount(record, *items, out);
        out.logs = decodeLogItems(*items);
        return Ok {};
    }
    case RecordKind::UserReport:
        if (!isObject(root))
            return Error {"user_report item is not a JSON object"};
        out.relatedEventId = normalizeUuid(str(object(root), "event_id"));
        return Ok {};
    default:
        return Ok {};
    }
}

Status decodeBareEvent(element root, Payload& payload, DecodedRecord& out, DecodeDetail depth)
{
    auto event = decodeEvent(root, false, depth);
    if (!event.ok())
        return event.error();
    if (event->type == EventType::Default && hasFeedbackContext(*event))
        event->type = EventType::Feedback;
    out.kind = kindForEvent(*event);
    addEvent(out, std::move(event).value(), payload);
    return Ok {};
}

Status decodeBare(element root, Payload& payload, DecodedRecord& out, DecodeDetail depth)
{
    if (!isObject(root))
        return Error {"not a Sentry event: not a JSON object"};
    const PayloadClassification c = classifyPayload(root);
    switch (c.kind) {
    case PayloadClass::Event:
        return decodeBareEvent(root, payload, out, depth);
    case PayloadClass::Wrapped:
        return decodeBareEvent(*member(root, c.wrapperKey), payload, out, depth);
    case PayloadClass::Occurrence: {
        auto status = decodeBareEvent(*member(root, c.wrapperKey), payload, out, depth);
        if (!status.ok())
            return status;
        Event& e = out.events.back().event;
        if (e.title.empty())
            e.title = str(object(root), "issue_title");
        if (e.fingerprint.empty()) {
            if (auto fp = member(root, "fingerprint"))
                e.fingerprint = strings(*fp);
        }
        return Ok {};
    }
    case PayloadClass::SpanContainer:
        out.kind = RecordKind::Segment;
        addSegments(out, buildSegments(*containerItems(root), payload.text));
        return Ok {};
    case PayloadClass::Span:
        out.kind = RecordKind::Segment;
        addSegments(out, buildSegmentFromSpan(root, payload.text));
        return Ok {};
    case PayloadClass::LogContainer:
        out.kind = RecordKind::Log;
        out.logs = decodeLogItems(*containerItems(root));
        return Ok {};
    case PayloadClass::UserReport:
        out.kind = RecordKind::UserReport;
        out.relatedEventId = normalizeUuid(str(object(root), "event_id"));
        return Ok {};
    case PayloadClass::MetricContainer:
        out.kind = RecordKind::TraceMetric;
        break;
    case PayloadClass::Session:
        out.kind = RecordKind::Session;
        break;
    case PayloadClass::Sessions:
        out.kind = RecordKind::Sessions;
        break;
    case PayloadClass::ClientReport:
        out.kind = RecordKind::ClientReport;
        break;
    case PayloadClass::CheckIn:
        out.kind = RecordKind::CheckIn;
        break;
    case PayloadClass::Profile:
        out.kind = RecordKind::Profile;
        break;
    case PayloadClass::Replay:
        out.kind = RecordKind::Replay;
        break;
    case PayloadClass::NotEvent:
        return Error {c.reason};
    }
    out.skipped = true;
    return Ok {};
}

bool isBlank(const std::string& s)
{
    for (char c : s) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return false;
    }
    return true;
}

} // namespace

std::string_view recordKindName(RecordKind kind)
{
    switch (kind) {
    case RecordKind::Event:
        return "event";
    case RecordKind::Transaction:
        return "transaction";
    case RecordKind::Segment:
        return "segment";
    case RecordKind::Feedback:
        return "feedback";
    case RecordKind::Log:
        return "log";
    case RecordKind::Attachment:
        return "attachment";
    case RecordKind::UserReport:
        return "user_report";
    case RecordKind::Session:
        return "session";
    case RecordKind::Sessions:
        return "sessions";
    case RecordKind::ClientReport:
        return "client_report";
    case RecordKind::CheckIn:
        return "check_in";
    case RecordKind::Profile:
        return "profile";
    case RecordKind::Replay:
        return "replay";
    case RecordKind::Statsd:
        return "statsd";
    case RecordKind::TraceMetric:
        return "trace_metric";
    case RecordKind::Other:
        return "other";
    }
    return "other";
}

bool isEventKind(RecordKind kind)
{
    return kind == RecordKind::Event || kind == RecordKind::Transaction || kind == RecordKind::Segment
        || kind == RecordKind::Feedback;
}

namespace {

// simdjson's DOM needs about twelve times a document's size (tape, string
// buffer, structural indexes): a 60 MB record costs some 700 MB while it is
// decoded. Records this large are decoded one at a time in the process, so
// two workers never hold two of them, and the thread's parser gives the
// memory back afterwards whatever happens in between.
constexpr std::size_t kLargeRecordBytes = 8u << 20;

std::mutex& largeRecordMutex()
{
    static std::mutex m;
    return m;
}

struct ParserRelease {
    ~ParserRelease() { releaseThreadParserIfLarge(); }
};

// `ownedPayload`: the record's payload when the caller gave it away.
Result<DecodedRecord> decodeImpl(const RawRecord& record, std::string* ownedPayload, DecodeDetail depth)
{
    DecodedRecord out;
    out.itemType = record.itemType;
    out.contentType = record.contentType;
    const bool bare = record.itemType.empty();
    if (!bare) {
        out.kind = kindForItemType(record.itemType);
        if (out.kind == RecordKind::Attachment) {
            AttachmentInfo info;
            info.filename = record.filename;
            info.attachmentType
                = record.attachmentType.empty() ? std::string("event.attachment") : record.attachmentType;
            info.contentType = record.contentType;
            info.size = record.payloadSize;
            info.eventId = record.envelope ? record.envelope->eventId : std::string();
            info.bytesKept = !record.payloadOmitted;
            out.relatedEventId = info.eventId;
            out.attachment = std::move(info);
            return out;
        }
        if (isSkippedKind(out.kind)) {
            out.skipped = true;
            return out;
        }
        if (record.payloadOmitted)
            return Error {"payload not read (over the size cap)"};
    }
    if (isBlank(record.payload))
        return Error {bare ? "empty record" : "empty payload"};

    std::unique_lock<std::mutex> largeRecord;
    if (record.payload.size() > kLargeRecordBytes)
        largeRecord = std::unique_lock(largeRecordMutex());
    const ParserRelease release;
    std::string repaired;
    auto parsed = parseJsonLenient(threadParser(), record.payload, &repaired);
    if (!parsed.ok())
        return parsed.error();
    out.warnings = std::move(parsed->repairs);
    Payload payload {parsed->utf8Repaired ? repaired : record.payload, parsed->utf8Repaired ? &repaired : ownedPayload};
    const Status status = bare ? decodeBare(parsed->root, payload, out, depth)
                               : decodeEnvelopeItem(record, parsed->root, payload, out, depth);
    if (!status.ok())
        return status.error();
    return out;
}

} // namespace

Result<DecodedRecord> decodeRecord(const RawRecord& record, DecodeDetail depth)
{
    return decodeImpl(record, nullptr, depth);
}

Result<DecodedRecord> decodeRecord(RawRecord&& record, DecodeDetail depth)
{
    return decodeImpl(record, &record.payload, depth);
}

Result<DecodedRecord> decodeJson(std::string json, std::string itemType, std::string contentType, DecodeDetail depth)
{
    RawRecord record;
    record.payloadSize = static_cast<std::int64_t>(json.size());
    record.payload = std::move(json);
    record.itemType = std::move(itemType);
    record.contentType = std::move(contentType);
    return decodeRecord(std::move(record), depth);
}

Rejection rejectionFor(const RawRecord& record, const Error& error)
{
    return {record.location, error.message};
}

} // namespace stackdeck
