#pragma once

// Private to the record source: state shared by its three splitters
// (recordsource.cpp: detection and NDJSON, valuesplitter.cpp: arrays and
// documents, envelopesplitter.cpp: envelopes).

#include "bufferedreader.h"
#include "jsonscanner.h"
#include "recordsource.h"

#include <simdjson.h>

namespace stackdeck {

struct RecordSource::Impl {
    Impl(std::unique_ptr<ByteStream> stream, std::string displayName, const ReaderOptions& readerOptions,
        Compression detected);

    ReaderOptions options;
    std::string name;
    BufferedReader reader;
    Compression compression;
    DetectedFormat format = DetectedFormat::Unknown;

    std::vector<Rejection> rejections;
    std::int64_t rejectionCount = 0;
    std::int64_t records = 0;
    std::int64_t skipped = 0;
    std::int64_t line = 1; // line number at the cursor
    bool streamErrorReported = false;
    simdjson::dom::parser parser; // headers and detection, on the reader thread

    // arrays and documents
    JsonValueScanner scanner;
    bool inArray = false;
    std::int64_t elements = 0;
    std::int64_t documents = 0;

    // envelopes
    std::shared_ptr<const EnvelopeContext> envelope;
    int itemIndex = 0;
    int eventOrdinal = 0;
    bool resyncing = false;

    void detect();
    bool nextLine(RawRecord& out);
    bool nextValue(RawRecord& out);
    void skipValueSeparators();
    RecordLocation nextValueLocation();
    bool skipMalformedValue(RecordLocation loc, std::size_t pos, bool ended);
    bool nextEnvelopeItem(RawRecord& out);

    void reject(RecordLocation location, std::string error);
    RecordLocation here() const;
    void reportStreamError();
    void consumeCounting(std::size_t n);
    void skipLineCounting();
    void startRecord(RawRecord& out, RecordLocation location) const;
    void setPayload(RawRecord& out, const char* data, std::size_t size) const;

    // envelopes (envelopesplitter.cpp)
    void readEnvelopeHeader();
    std::shared_ptr<const EnvelopeContext> parseEnvelopeHeader(std::string_view line, std::string* problem);
    bool readItemPayload(RawRecord& out, simdjson::dom::object header);
    bool readUnframedPayload(RawRecord& out, std::int64_t limit, bool rejectSkipped);
    bool readFramedPayload(RawRecord& out, std::int64_t declared, bool lineJson);
    bool skipFramedPayload(RawRecord& out, std::int64_t declared, bool lineJson, bool rejectSkipped);
};

std::string mebibytes(std::int64_t bytes);
std::string byteDescription(char c);

} // namespace stackdeck
