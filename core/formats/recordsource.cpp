#include "recordsource.h"

#include "jsonaccess.h"
#include "jsonparse.h"
#include "protocolkeys.h"
#include "recordsourceimpl.h"

#include <algorithm>
#include <cstdio>

namespace stackdeck {
namespace {

constexpr std::size_t kDetectLineLimit = std::size_t {64} * 1024; // an item header is far shorter

// True when `line` holds exactly one complete JSON object (and whitespace).
bool isCompleteObjectLine(std::string_view line)
{
    std::size_t pos = 0;
    while (pos < line.size() && isJsonSpace(line[pos]))
        ++pos;
    if (pos == line.size() || line[pos] != '{')
        return false;
    JsonValueScanner scanner;
    scanner.reset();
    if (scanner.scan(line.data(), line.size(), pos) != JsonValueScanner::Status::Complete)
        return false;
    while (pos < line.size() && isJsonSpace(line[pos]))
        ++pos;
    return pos == line.size();
}

} // namespace

std::string mebibytes(std::int64_t bytes)
{
    if (bytes % ReaderOptions::MiB == 0)
        return std::to_string(bytes / ReaderOptions::MiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

std::string byteDescription(char c)
{
    char buf[32];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f)
        std::snprintf(buf, sizeof buf, "'%c' (0x%02x)", c, u);
    else
        std::snprintf(buf, sizeof buf, "0x%02x", u);
    return buf;
}

RecordSource::Impl::Impl(std::unique_ptr<ByteStream> stream, std::string displayName,
    const ReaderOptions& readerOptions, Compression detected)
    : options(readerOptions)
    , name(std::move(displayName))
    , reader(std::move(stream), readerOptions.chunkSize)
    , compression(detected)
{
}

void RecordSource::Impl::reject(RecordLocation location, std::string error)
{
    ++rejectionCount;
    if (rejections.size() < options.maxStoredRejections)
        rejections.push_back({std::move(location), std::move(error)});
}

RecordLocation RecordSource::Impl::here() const
{
    RecordLocation loc;
    loc.file = name;
    loc.line = line;
    loc.byteOffset = reader.offset();
    return loc;
}

void RecordSource::Impl::reportStreamError()
{
    if (streamErrorReported || !reader.error())
        return;
    streamErrorReported = true;
    RecordLocation loc;
    loc.file = name;
    loc.byteOffset = reader.offset() + static_cast<std::int64_t>(reader.available());
    reject(std::move(loc), reader.error()->message);
}

void RecordSource::Impl::consumeCounting(std::size_t n)
{
    n = std::min(n, reader.available());
    line += countNewlines(reader.data(), n);
    reader.consume(n);
}

void RecordSource::Impl::skipLineCounting()
{
    std::int64_t newlines = 0;
    reader.skipPastNewline(&newlines);
    line += newlines;
}

void RecordSource::Impl::startRecord(RawRecord& out, RecordLocation location) const
{
    std::string buffer = std::move(out.payload);
    buffer.clear();
    out = RawRecord {};
    out.payload = std::move(buffer);
    out.location = std::move(location);
}

void RecordSource::Impl::setPayload(RawRecord& out, const char* data, std::size_t size) const
{
    // Room for simdjson's padding lets the decoder parse the payload in place.
    out.payload.reserve(size + simdjson::SIMDJSON_PADDING);
    out.payload.assign(data, size);
    out.payloadSize = static_cast<std::int64_t>(size);
}

void RecordSource::Impl::detect()
{
    if (reader.ensure(3) >= 3 && std::string_view(reader.data(), 3) == "\xEF\xBB\xBF")
        reader.consume(3);
    // Leading blank lines are not part of any record.
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
        format = DetectedFormat::Empty;
        if (reader.error()) {
            reportStreamError();
        } else {
            RecordLocation loc;
            loc.file = name;
            reject(std::move(loc), "empty file: no records");
        }
        return;
    }
    const char first = reader.data()[0];
    if (first == '[') {
        format = DetectedFormat::JsonArray;
        return;
    }

    const auto limit = static_cast<std::size_t>(options.maxRecordBytes) + 1;
    const auto f1 = reader.findNewline(0, limit);
    if (f1.overLimit) {
        // One giant first line: line-oriented, and the line itself goes over the cap.
        format = DetectedFormat::JsonLines;
        return;
    }
    const std::size_t line1End = f1.found ? f1.pos : reader.available();
    const bool line1Complete = first == '{' && isCompleteObjectLine(std::string_view(reader.data(), line1End));

    // Whether only whitespace follows line 1, reading ahead as far as that takes.
    bool onlySpaceAfterLine1 = true;
    if (f1.found) {
        std::size_t i = f1.pos + 1;
        for (;;) {
            while (i < reader.available() && isJsonSpace(reader.data()[i]))
                ++i;
            if (i < reader.available()) {
                onlySpaceAfterLine1 = false;
                break;
            }
            if (i > limit || !reader.fillMore())
                break;
        }
    }
    std::string line2;
    if (f1.found) {
        const auto f2 = reader.findNewline(f1.pos + 1, f1.pos + 1 + kDetectLineLimit);
        const std::size_t end = f2.found ? f2.pos : std::min(reader.available(), f1.pos + 1 + kDetectLineLimit);
        line2.assign(reader.data() + f1.pos + 1, end - f1.pos - 1);
    }
    std::string_view line2Trimmed = line2;
    while (!line2Trimmed.empty() && isJsonSpace(line2Trimmed.back()))
        line2Trimmed.remove_suffix(1);

    if (line1Complete) {
        if (onlySpaceAfterLine1) {
            format = DetectedFormat::JsonDocument;
            return;
        }
        if (!line2Trimmed.empty() && line2Trimmed.front() == '{') {
            // Leniently, as the splitter reads headers: a damaged length (a number
            // beyond 64 bits) must not turn an envelope into NDJSON.
            auto header = parseJsonLenient(parser, std::string(line2Trimmed));
            if (header.ok() && json::isObject(header->root) && looksLikeItemHeader(header->root.get_object())) {
                format = DetectedFormat::Envelope;
                return;
            }
        }
        format = DetectedFormat::JsonLines;
        return;
    }
    // Line 1 is not a whole object: a pretty-printed document, or NDJSON whose
    // first line is broken (then line 2 is a whole object on its own).
    if (isCompleteObjectLine(line2)) {
        format = DetectedFormat::JsonLines;
        return;
    }
    if (first == '{') {
        format = DetectedFormat::JsonDocument;
        return;
    }
    format = DetectedFormat::Unknown;
    RecordLocation loc = here();
    reject(
        std::move(loc), "not JSON and not a Sentry envelope: the content starts with byte " + byteDescription(first));
}

bool RecordSource::Impl::nextLine(RawRecord& out)
{
    const std::int64_t cap = options.maxRecordBytes;
    for (;;) {
        if (reader.available() == 0 && !reader.fillMore()) {
            reportStreamError();
            return false;
        }
        const auto f = reader.findNewline(0, static_cast<std::size_t>(cap) + 1);
        std::size_t length = 0;
        std::size_t advance = 0;
        if (f.found) {
            length = f.pos;
            advance = f.pos + 1;
        } else if (f.overLimit) {
            RecordLocation loc = here();
            skipLineCounting();
            reject(std::move(loc), "record exceeds the " + mebibytes(cap) + " record cap; line skipped unread");
            continue;
        } else {
            if (reader.error()) { // the line was cut by a read or decompression error
                reportStreamError();
                return false;
            }
            length = advance = reader.available();
        }
        const char* p = reader.data();
        std::size_t begin = 0;
        std::size_t end = length;
        while (end > begin && isJsonSpace(p[end - 1]))
            --end;
        while (begin < end && isJsonSpace(p[begin]))
            ++begin;
        if (begin == end) {
            reader.consume(advance);
            ++line;
            continue;
        }
        RecordLocation loc;
        loc.file = name;
        loc.line = line;
        loc.byteOffset = reader.offset() + static_cast<std::int64_t>(begin);
        startRecord(out, std::move(loc));
        setPayload(out, p + begin, end - begin);
        reader.consume(advance);
        ++line;
        return true;
    }
}

Result<std::unique_ptr<RecordSource>> RecordSource::open(const std::string& path, const ReaderOptions& options)
{
    auto stream = openFileStream(path);
    if (!stream.ok())
        return stream.error();
    return fromStream(std::move(stream).value(), path == "-" ? std::string("<stdin>") : path, options);
}

std::unique_ptr<RecordSource> RecordSource::fromBuffer(
    std::string bytes, std::string displayName, const ReaderOptions& options)
{
    return fromStream(bufferStream(std::move(bytes)), std::move(displayName), options);
}

std::unique_ptr<RecordSource> RecordSource::fromStream(
    std::unique_ptr<ByteStream> stream, std::string displayName, const ReaderOptions& options)
{
    Compression compression = Compression::None;
    auto decoded = openDecodedStream(std::move(stream), options, &compression);
    std::unique_ptr<Impl> impl;
    if (decoded.ok()) {
        impl = std::make_unique<Impl>(std::move(decoded).value(), std::move(displayName), options, compression);
        impl->detect();
    } else {
        impl = std::make_unique<Impl>(bufferStream({}), std::move(displayName), options, compression);
        RecordLocation loc;
        loc.file = impl->name;
        impl->reject(std::move(loc), decoded.error().message);
        impl->format = DetectedFormat::Unknown;
    }
    return std::unique_ptr<RecordSource>(new RecordSource(std::move(impl)));
}

RecordSource::RecordSource(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{
}

RecordSource::~RecordSource() = default;

bool RecordSource::next(RawRecord& out)
{
    bool produced = false;
    switch (d->format) {
    case DetectedFormat::JsonLines:
        produced = d->nextLine(out);
        break;
    case DetectedFormat::JsonDocument:
    case DetectedFormat::ConcatenatedJson:
    case DetectedFormat::JsonArray:
        produced = d->nextValue(out);
        break;
    case DetectedFormat::Envelope:
        produced = d->nextEnvelopeItem(out);
        break;
    case DetectedFormat::Unknown:
    case DetectedFormat::Empty:
        break;
    }
    if (produced)
        ++d->records;
    return produced;
}

const std::vector<Rejection>& RecordSource::rejections() const
{
    return d->rejections;
}
std::vector<Rejection> RecordSource::takeRejections()
{
    return std::exchange(d->rejections, {});
}
std::int64_t RecordSource::rejectionCount() const
{
    return d->rejectionCount;
}
std::int64_t RecordSource::bytesConsumed() const
{
    return d->reader.bytesConsumed();
}
std::int64_t RecordSource::totalBytes() const
{
    return d->reader.totalBytes();
}
DetectedFormat RecordSource::format() const
{
    return d->format;
}
Compression RecordSource::compression() const
{
    return d->compression;
}
std::int64_t RecordSource::recordCount() const
{
    return d->records;
}
std::int64_t RecordSource::skippedItems() const
{
    return d->skipped;
}
const std::string& RecordSource::displayName() const
{
    return d->name;
}

} // namespace stackdeck
