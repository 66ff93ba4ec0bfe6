#include "rawrecord.h"

namespace stackdeck {

std::string RecordLocation::describe() const
{
    std::string out = file;
    if (item > 0) {
        out += " item " + std::to_string(item);
        if (!itemType.empty())
            out += " (" + itemType + ")";
        if (byteOffset >= 0)
            out += " at byte " + std::to_string(byteOffset);
        return out;
    }
    if (element >= 0) {
        out += (document ? " document " : " element ") + std::to_string(element);
        if (byteOffset >= 0)
            out += " at byte " + std::to_string(byteOffset);
        if (document && line > 0)
            out += " (line " + std::to_string(line) + ")";
        return out;
    }
    if (line > 0)
        return out + ":" + std::to_string(line);
    if (byteOffset >= 0)
        return out + " at byte " + std::to_string(byteOffset);
    return out;
}

std::string_view detectedFormatName(DetectedFormat format)
{
    switch (format) {
    case DetectedFormat::Unknown:
        return "unknown";
    case DetectedFormat::Empty:
        return "empty";
    case DetectedFormat::JsonDocument:
        return "json";
    case DetectedFormat::JsonArray:
        return "json-array";
    case DetectedFormat::JsonLines:
        return "ndjson";
    case DetectedFormat::ConcatenatedJson:
        return "json-concatenated";
    case DetectedFormat::Envelope:
        return "envelope";
    }
    return "unknown";
}

std::string_view compressionName(Compression compression)
{
    switch (compression) {
    case Compression::None:
        return "none";
    case Compression::Gzip:
        return "gzip";
    case Compression::Zlib:
        return "zlib";
    case Compression::Zstd:
        return "zstd";
    }
    return "none";
}

} // namespace stackdeck
