// Top-level JSON arrays (streamed element by element) and JSON documents one
// after another (pretty-printed or not). Values are delimited by
// JsonValueScanner, so a 2 GB array never has to be in memory at once.

#include "recordsourceimpl.h"

namespace stackdeck {
namespace {

std::string valueKind(char c)
{
    switch (c) {
    case '[':
        return "an array";
    case '"':
        return "a string";
    case 't':
    case 'f':
        return "a boolean";
    case 'n':
        return "null";
    default:
        return "a number";
    }
}

} // namespace

// Whitespace between values, and the commas between array elements.
void RecordSource::Impl::skipValueSeparators()
{
    for (;;) {
        if (reader.available() == 0 && !reader.fillMore())
            break;
        std::size_t i = 0;
        while (i < reader.available() && (isJsonSpace(reader.data()[i]) || (inArray && reader.data()[i] == ',')))
            ++i;
        consumeCounting(i);
        if (reader.available() > 0)
            break;
    }
}

// Where the value starting here is: an array element, or the n-th of several documents.
RecordLocation RecordSource::Impl::nextValueLocation()
{
    RecordLocation loc = here();
    if (inArray) {
        loc.element = elements++;
    } else {
        if (documents > 0) {
            loc.element = documents;
            loc.document = true;
            format = DetectedFormat::ConcatenatedJson;
        }
        ++documents;
    }
    return loc;
}

// Rejects a malformed value of `pos` bytes scanned and resynchronises on a
// line that opens an object in its first column. False when the input ended.
bool RecordSource::Impl::skipMalformedValue(RecordLocation loc, std::size_t pos, bool ended)
{
    if (reader.error()) {
        reportStreamError();
        return false;
    }
    if (ended) {
        reject(std::move(loc), "truncated JSON: " + scanner.problem());
        consumeCounting(reader.available());
        return false;
    }
    reject(std::move(loc),
        "malformed JSON (" + scanner.problem() + " at byte "
            + std::to_string(reader.offset() + static_cast<std::int64_t>(pos))
            + "); skipped to the next line that starts with '{'");
    consumeCounting(pos);
    for (;;) {
        skipLineCounting();
        if (reader.ensure(1) == 0 || reader.data()[0] == '{')
            break;
    }
    return true;
}

bool RecordSource::Impl::nextValue(RawRecord& out)
{
    const auto cap = static_cast<std::size_t>(options.maxRecordBytes);
    for (;;) {
        skipValueSeparators();
        if (reader.available() == 0) {
            if (inArray && !reader.error())
                reject(here(), "the file ends inside the top-level array (truncated?)");
            reportStreamError();
            return false;
        }
        const char c = reader.data()[0];
        if (inArray && c == ']') {
            consumeCounting(1);
            inArray = false;
            continue;
        }
        if (!inArray && c == '[') {
            consumeCounting(1);
            inArray = true;
            format = DetectedFormat::JsonArray;
            continue;
        }
        if (!inArray && c == '\xEF' && reader.ensure(3) >= 3 && std::string_view(reader.data(), 3) == "\xEF\xBB\xBF") {
            consumeCounting(3); // each of several `cat`-ed files may start with a BOM
            continue;
        }
        if (!inArray && c != '{') {
            reject(
                here(), "unexpected byte " + byteDescription(c) + " between JSON documents; skipped to the next line");
            skipLineCounting();
            continue;
        }

        RecordLocation loc = nextValueLocation();

        scanner.reset();
        std::size_t pos = 0;
        auto status = JsonValueScanner::Status::NeedMore;
        bool overCap = false;
        bool ended = false; // the input ran out inside the value
        for (;;) {
            status = scanner.scan(reader.data(), reader.available(), pos);
            if (status != JsonValueScanner::Status::NeedMore)
                break;
            if (pos > cap) {
                overCap = true;
                break;
            }
            if (!reader.fillMore()) {
                ended = true;
                status = scanner.finish();
                break;
            }
        }
        if (overCap) {
            // Keep following the value to find its end, dropping what was scanned.
            for (;;) {
                consumeCounting(pos);
                pos = 0;
                if (status != JsonValueScanner::Status::NeedMore)
                    break;
                if (!reader.fillMore()) {
                    ended = true;
                    status = scanner.finish();
                    break;
                }
                status = scanner.scan(reader.data(), reader.available(), pos);
            }
            if (status == JsonValueScanner::Status::Complete) {
                reject(std::move(loc),
                    "record exceeds the " + mebibytes(options.maxRecordBytes) + " record cap; skipped unread");
                continue;
            }
        }
        if (status == JsonValueScanner::Status::Complete && pos > cap) {
            // Complete within what one read brought in, but still over the cap.
            reject(std::move(loc),
                "record exceeds the " + mebibytes(options.maxRecordBytes) + " record cap; skipped unread");
            consumeCounting(pos);
            continue;
        }
        if (status == JsonValueScanner::Status::Malformed) {
            if (!skipMalformedValue(std::move(loc), pos, ended))
                return false;
            continue;
        }
        if (c != '{') {
            reject(std::move(loc), "element is " + valueKind(c) + ", not a JSON object");
            consumeCounting(pos);
            continue;
        }
        startRecord(out, std::move(loc));
        setPayload(out, reader.data(), pos);
        consumeCounting(pos);
        return true;
    }
}

} // namespace stackdeck
