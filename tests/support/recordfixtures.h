#pragma once

// Records for the decoder suites (tst_recorddecoder, tst_segmentdecoder).

#include "formats/recordsource.h"
#include "testsupport.h"

#include <string>
#include <vector>

namespace stackdeck::test {

// Every record of a corpus file, as the import splits it; none when it does not open.
inline std::vector<RawRecord> recordsOf(const QString& corpusFile)
{
    std::vector<RawRecord> out;
    auto source = RecordSource::open(corpusPath(corpusFile).toStdString());
    if (!source.ok())
        return out;
    RawRecord r;
    while ((*source)->next(r))
        out.push_back(r);
    return out;
}

inline RawRecord item(std::string type, std::string payload, std::string contentType = {})
{
    RawRecord r;
    r.itemType = std::move(type);
    r.contentType = std::move(contentType);
    r.payloadSize = static_cast<std::int64_t>(payload.size());
    r.payload = std::move(payload);
    return r;
}

} // namespace stackdeck::test
