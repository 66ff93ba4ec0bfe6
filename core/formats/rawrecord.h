#pragma once

#include "model/rawjson.h"
#include "model/timestamp.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace stackdeck {

// Where a record (or a problem) is in its file. Offsets are in the decoded
// stream, i.e. after decompression. Numbering: lines and envelope items count
// from 1 like an editor does; array elements count from 0 like `jq '.[17]'`.
struct RecordLocation {
    std::string file; // display name ("<stdin>" for standard input)
    std::int64_t line = 0; // 0 = unknown
    std::int64_t byteOffset = -1;
    int item = -1; // envelope item, from 1
    std::string itemType; // envelope item type, for describe()
    std::int64_t element = -1; // JSON array element or concatenated document, from 0
    bool document = false; // `element` counts documents, not array elements

    // "events.ndjson:1234", "x.envelope item 2 (attachment) at byte 512",
    // "dump.json element 17 at byte 9000", "many.json document 3 at byte 80 (line 12)".
    std::string describe() const;
};

// What the envelope header said, shared by all items of one envelope.
struct EnvelopeContext {
    std::string eventId; // normalised to 32 lowercase hex; empty when absent/invalid
    std::string dsn;
    RawJson sdk;
    RawJson trace; // dynamic sampling context
    std::optional<Micros> sentAt;
    RawJson header; // the whole header line, compact
};

// One record as split from a file: a bare JSON event or an envelope item.
// Splitting is cheap and sequential; decoding (recorddecoder.h) is separate.
struct RawRecord {
    std::string itemType; // "" for bare JSON, else the envelope item type
    std::string contentType; // item header `content_type`
    std::string payload; // decompressed bytes, verbatim; empty when omitted (see payloadOmitted)
    RecordLocation location;
    std::shared_ptr<const EnvelopeContext> envelope; // null for bare JSON
    std::string filename; // attachments
    std::string attachmentType; // attachments: event.attachment, event.minidump, ...
    std::int64_t payloadSize = 0;
    std::optional<std::int64_t> itemCount; // container items: declared `item_count`
    RawJson itemHeader; // the item header line as sent (unknown keys kept)
    // Index among the envelope's event-like items (event, transaction,
    // feedback): the header event_id applies to the first one only.
    int eventOrdinal = -1;
    bool payloadOmitted = false; // skipped by length (attachment over the cap, skipped item type)
    std::string warning; // a repair made while splitting (wrong length, CRLF); the record is still valid
};

struct Rejection {
    RecordLocation location;
    std::string error;
};

enum class DetectedFormat : std::uint8_t {
    Unknown, // not JSON and not an envelope
    Empty, // no bytes, or only whitespace
    JsonDocument, // one JSON value, possibly pretty-printed
    JsonArray, // a top-level array; its elements are the records
    JsonLines, // NDJSON: one compact document per line
    ConcatenatedJson, // several (pretty-printed) documents one after another
    Envelope,
};

std::string_view detectedFormatName(DetectedFormat format);

enum class Compression : std::uint8_t { None, Gzip, Zlib, Zstd };

std::string_view compressionName(Compression compression);

} // namespace stackdeck
