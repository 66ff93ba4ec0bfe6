#pragma once

#include "eventpreparer.h"
#include "formats/rawrecord.h"
#include "model/ids.h"
#include "store/preparedevent.h"

#include <cstdint>
#include <vector>

namespace stackdeck {

// What an import's workers made of a run of records: the rows to store, the
// records rejected (with their location) and the items skipped.
struct PreparedRecords {
    PreparedBatch batch;
    std::vector<Rejection> rejections;
    std::int64_t skipped = 0;
};

// Decodes, groups and compresses one record into `out` (its payload becomes
// the stored original; raw.location stays valid). A record the decoder or the
// grouping did not expect to fail on (an allocation that failed, a bug) is
// rejected with its location, and the caller goes on with the next.
void processRecordGuarded(RawRecord& raw, const PrepareOptions& prepare, SourceId source, PreparedRecords& out);

} // namespace stackdeck
