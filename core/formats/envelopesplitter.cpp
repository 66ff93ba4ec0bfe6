// Sentry envelopes: a header line, then items of an item header line and a
// payload (develop.sentry.dev/sdk/data-model/envelopes/).
//
// Recovery policy, where Relay would reject the whole envelope:
//   - a payload with `length` must be followed by "\n" or the end of the file.
//     "\r\n" (a CRLF-converted file) is accepted with a warning; header lines
//     lose a trailing "\r" the same way.
//   - a `length` that does not end at a newline: for line-JSON item types the
//     payload is re-read up to the end of its line (so android-session-only.txt,
//     length 85 for a 99-byte line, yields its session) and the record carries a
//     warning; for attachments and other binary items the item is rejected and
//     reading resumes at the next line that looks like an item header.
//   - a line that is not an item header: rejected once, then lines are skipped
//     until one looks like an item header again.
//   - a payload that runs past the end of the file: rejected, reading stops.
//   - a line holding only envelope header keys where an item header is
//     expected starts a new envelope (concatenated envelope files).
// Item types nobody decodes are skipped by length (their bytes are never
// buffered) and still reported, with payloadOmitted, so they can be counted.

#include "jsonaccess.h"
#include "jsonparse.h"
#include "protocolkeys.h"
#include "recordsourceimpl.h"

namespace stackdeck {
namespace {

constexpr std::size_t kMaxHeaderLine = 1 << 20;

bool isEventLike(std::string_view type)
{
    return type == "event" || type == "transaction" || type == "feedback";
}

bool onlyEnvelopeHeaderKeys(simdjson::dom::object obj)
{
    for (auto [key, value] : obj) {
        (void)value;
        if (key != "event_id" && key != "dsn" && key != "sdk" && key != "sent_at" && key != "trace")
            return false;
    }
    return true;
}

} // namespace

std::shared_ptr<const EnvelopeContext> RecordSource::Impl::parseEnvelopeHeader(
    std::string_view text, std::string* problem)
{
    auto ctx = std::make_shared<EnvelopeContext>();
    auto parsed = parseJsonLenient(parser, std::string(text));
    if (!parsed.ok()) {
        *problem = "invalid envelope header: " + parsed.error().message;
        return ctx;
    }
    simdjson::dom::object obj;
    if (parsed->root.get_object().get(obj) != simdjson::SUCCESS) {
        *problem = "invalid envelope header: not a JSON object";
        return ctx;
    }
    ctx->header = json::raw(parsed->root);
    for (auto [key, value] : obj) {
        if (key == "event_id")
            ctx->eventId = json::normalizeUuid(json::str(value));
        else if (key == "dsn")
            ctx->dsn = json::str(value);
        else if (key == "sdk" && json::isObject(value))
            ctx->sdk = json::raw(value);
        else if (key == "trace" && json::isObject(value))
            ctx->trace = json::raw(value);
        else if (key == "sent_at")
            ctx->sentAt = json::timestamp(value);
    }
    return ctx;
}

void RecordSource::Impl::readEnvelopeHeader()
{
    RecordLocation loc = here();
    const auto f = reader.findNewline(0, kMaxHeaderLine);
    std::size_t length = f.found ? f.pos : std::min(reader.available(), kMaxHeaderLine);
    std::string_view text(reader.data(), length);
    while (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    std::string problem;
    envelope = parseEnvelopeHeader(text, &problem);
    if (!problem.empty())
        reject(std::move(loc), problem);
    if (f.found)
        consumeCounting(f.pos + 1);
    else
        skipLineCounting();
    itemIndex = 0;
    eventOrdinal = 0;
}

bool RecordSource::Impl::nextEnvelopeItem(RawRecord& out)
{
    if (!envelope)
        readEnvelopeHeader();
    for (;;) {
        // Blank lines between items (and after the last) carry nothing.
        for (;;) {
            if (reader.available() == 0 && !reader.fillMore())
                break;
            std::size_t i = 0;
            while (i < reader.available() && isJsonSpace(reader.data()[i]))
                ++i;
            consumeCounting(i);
            if (reader.available() > 0)
                break;
        }
        if (reader.available() == 0) {
            reportStreamError();
            return false;
        }
        RecordLocation lineLoc = here();
        const auto f = reader.findNewline(0, kMaxHeaderLine);
        if (!f.found && !f.overLimit && reader.error()) {
            reportStreamError();
            return false;
        }
        simdjson::dom::object header;
        bool isHeader = false;
        bool crlf = false;
        std::size_t lineLength = 0;
        if (!f.overLimit) {
            lineLength = f.found ? f.pos : reader.available();
            std::string_view text(reader.data(), lineLength);
            while (!text.empty() && text.back() == '\r') {
                text.remove_suffix(1);
                crlf = true;
            }
            if (!text.empty() && text.front() == '{') {
                auto parsed = parseJsonLenient(parser, std::string(text));
                if (parsed.ok() && parsed->root.get_object().get(header) == simdjson::SUCCESS) {
                    std::string_view type;
                    const bool hasType = header.at_key("type").get_string().get(type) == simdjson::SUCCESS;
                    if (!hasType && onlyEnvelopeHeaderKeys(header)) {
                        // Another envelope follows in the same file.
                        resyncing = false;
                        readEnvelopeHeader();
                        continue;
                    }
                    isHeader = hasType && (!resyncing || looksLikeItemHeader(header));
                }
            }
        }
        if (!isHeader) {
            if (!resyncing) {
                reject(std::move(lineLoc),
                    "line " + std::to_string(line)
                        + " is not an envelope item header; skipped to the next item header");
                resyncing = true;
            }
            skipLineCounting();
            continue;
        }
        resyncing = false;
        consumeCounting(f.found ? lineLength + 1 : lineLength);
        ++itemIndex;
        std::string type = json::str(header, "type");
        RecordLocation loc = lineLoc;
        loc.item = itemIndex;
        loc.itemType = type;
        startRecord(out, std::move(loc));
        out.itemType = std::move(type);
        out.envelope = envelope;
        out.contentType = json::str(header, "content_type");
        out.filename = json::str(header, "filename");
        out.attachmentType = json::str(header, "attachment_type");
        if (auto count = json::member(header, "item_count"))
            out.itemCount = json::integer(*count);
        out.itemHeader = json::raw(header);
        if (crlf)
            out.warning = "item header ends in CRLF (file converted to Windows line endings?)";
        if (isEventLike(out.itemType))
            out.eventOrdinal = eventOrdinal++;
        if (readItemPayload(out, header))
            return true;
    }
}

namespace {
// Adds a note on how the record was read to its warning.
void addWarning(RawRecord& out, const std::string& w)
{
    out.warning = out.warning.empty() ? w : out.warning + "; " + w;
}
} // namespace

// Reads (or skips) the payload of the item whose header was just consumed.
// False when the item was rejected instead.
bool RecordSource::Impl::readItemPayload(RawRecord& out, simdjson::dom::object header)
{
    const std::string& type = out.itemType;
    const bool attachment = type == "attachment";
    const bool decoded = itemTypeIsDecoded(type) || options.keepSkippedPayloads;
    const std::int64_t keepLimit = attachment ? options.maxAttachmentBytes : options.maxRecordBytes;
    const bool lineJson = itemTypeIsLineJson(type);

    std::optional<std::int64_t> length;
    if (auto el = json::member(header, "length"); el && !json::isNull(*el)) {
        // Only a non-negative JSON integer frames a payload (Relay's u64). Anything
        // else (negative, fractional, a string, beyond 64 bits) leaves the payload's
        // end unknown: the item is rejected, not guessed at, and reading resumes at
        // the next line that is an item header.
        const auto t = el->type();
        if (t == json::element_type::INT64 || t == json::element_type::UINT64)
            length = json::integer(*el);
        if (!length || *length < 0) {
            reject(out.location,
                "invalid length " + json::minified(*el).substr(0, 40)
                    + " in the item header; skipped to the next item header");
            resyncing = true;
            return false;
        }
    }

    if (!length)
        return readUnframedPayload(out, decoded ? keepLimit : 0, decoded && !attachment);

    const std::int64_t declared = *length;
    out.payloadSize = declared;
    const bool keep = decoded && declared <= keepLimit;
    if (keep)
        return readFramedPayload(out, declared, lineJson);
    return skipFramedPayload(out, declared, lineJson, decoded && !attachment);
}

// Implicit length: the payload runs to the next newline or the end. Past
// `limit` it is skipped unread (rejected when `rejectSkipped`).
bool RecordSource::Impl::readUnframedPayload(RawRecord& out, std::int64_t limit, bool rejectSkipped)
{
    const auto f = reader.findNewline(0, static_cast<std::size_t>(limit) + 1);
    if (f.found || (!f.overLimit && !reader.error())) {
        const std::size_t n = f.found ? f.pos : reader.available();
        setPayload(out, reader.data(), n);
        reader.consume(f.found ? n + 1 : n);
        if (f.found)
            ++line;
        return true;
    }
    if (!f.overLimit) {
        reportStreamError();
        return false;
    }
    std::int64_t newlines = 0;
    const std::int64_t size = reader.skipPastNewline(&newlines) - newlines;
    line += newlines;
    out.payloadSize = size;
    out.payloadOmitted = true;
    ++skipped;
    if (rejectSkipped) {
        reject(
            out.location, "payload exceeds the " + mebibytes(options.maxRecordBytes) + " record cap; skipped unread");
        return false;
    }
    return true;
}

// A payload of `declared` bytes, read whole; what follows it must be a newline
// (or the end), except for line-JSON items, which read to the end of the line.
bool RecordSource::Impl::readFramedPayload(RawRecord& out, std::int64_t declared, bool lineJson)
{
    std::size_t terminator = 0; // bytes of "\n" / "\r\n" after the payload
    const auto n = static_cast<std::size_t>(declared);
    if (reader.ensure(n + 2) < n) {
        if (reader.error()) {
            reportStreamError();
            return false;
        }
        reject(out.location,
            "truncated: the item header declares " + std::to_string(declared) + " bytes but the file ends after "
                + std::to_string(reader.available()));
        consumeCounting(reader.available());
        return false;
    }
    const char* p = reader.data();
    const std::size_t avail = reader.available();
    if (avail == n || p[n] == '\n') {
        terminator = avail == n ? 0 : 1;
    } else if (p[n] == '\r' && (avail == n + 1 || p[n + 1] == '\n')) {
        terminator = avail == n + 1 ? 1 : 2;
        addWarning(out, "payload followed by CRLF (file converted to Windows line endings?)");
    } else if (lineJson) {
        const char follows = p[n];
        const auto f = reader.findNewline(0, static_cast<std::size_t>(options.maxRecordBytes) + 1);
        if (f.overLimit) {
            reject(out.location,
                "declared length " + std::to_string(declared)
                    + " does not end at a newline and the line exceeds the record cap; skipped");
            skipLineCounting();
            return false;
        }
        const std::size_t lineEnd = f.found ? f.pos : reader.available();
        addWarning(out,
            "declared length " + std::to_string(declared) + " does not end at a newline (byte "
                + byteDescription(follows) + " follows); read the whole line of " + std::to_string(lineEnd)
                + " bytes instead");
        setPayload(out, reader.data(), lineEnd);
        consumeCounting(f.found ? lineEnd + 1 : lineEnd);
        return true;
    } else {
        reject(out.location,
            "declared length " + std::to_string(declared) + " does not end at a newline (byte " + byteDescription(p[n])
                + " follows); skipped to the next item header");
        resyncing = true;
        return false;
    }
    setPayload(out, p, n);
    consumeCounting(n + terminator);
    return true;
}

// A payload of `declared` bytes not kept: skipped by length, never buffering
// more than a read chunk (rejected when `rejectSkipped`).
bool RecordSource::Impl::skipFramedPayload(RawRecord& out, std::int64_t declared, bool lineJson, bool rejectSkipped)
{
    std::int64_t newlines = 0;
    const std::int64_t skippedBytes = reader.skip(declared, &newlines);
    line += newlines;
    if (skippedBytes < declared) {
        if (reader.error()) {
            reportStreamError();
            return false;
        }
        reject(out.location,
            "truncated: the item header declares " + std::to_string(declared) + " bytes but the file ends after "
                + std::to_string(skippedBytes));
        return false;
    }
    if (reader.ensure(2) > 0) {
        const char* p = reader.data();
        if (p[0] == '\n') {
            consumeCounting(1);
        } else if (p[0] == '\r' && (reader.available() == 1 || p[1] == '\n')) {
            consumeCounting(reader.available() == 1 ? 1 : 2);
            addWarning(out, "payload followed by CRLF (file converted to Windows line endings?)");
        } else if (lineJson) {
            std::int64_t more = 0;
            const std::int64_t extra = reader.skipPastNewline(&more) - more;
            line += more;
            out.payloadSize = declared + extra;
            addWarning(out,
                "declared length " + std::to_string(declared)
                    + " does not end at a newline; skipped to the end of the line");
        } else {
            reject(out.location,
                "declared length " + std::to_string(declared) + " does not end at a newline (byte "
                    + byteDescription(p[0]) + " follows); skipped to the next item header");
            resyncing = true;
            return false;
        }
    }
    out.payloadOmitted = true;
    ++skipped;
    if (rejectSkipped) {
        reject(out.location,
            "payload of " + std::to_string(declared) + " bytes exceeds the " + mebibytes(options.maxRecordBytes)
                + " record cap; skipped unread");
        return false;
    }
    return true;
}

} // namespace stackdeck
