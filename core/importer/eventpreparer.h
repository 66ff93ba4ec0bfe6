#pragma once

#include "store/preparedevent.h"
#include "util/payloadcodec.h"

#include <memory>
#include <string>

namespace stackdeck {

class PayloadCompressor;
class ProjectGroupings;

struct PrepareOptions {
    std::string project = "default"; // used when neither the caller nor the event names one
    bool projectFromEvent = true; // a payload's `project` id names the project when no --project was given
    PayloadCodec codec = PayloadCodec::Lz4; // Plain: keep as is (reindex keeps the stored payload)
    int zstdLevel = 1;
    // Set: payloads and span sets are compressed with it (zstd with the
    // workspace's dictionary, trained on the first payloads), `codec` not Plain.
    std::shared_ptr<PayloadCompressor> compressor;
    Micros fallbackTimestamp = 0; // for events without timestamp and received time
    // Each project's grouping rules; null: the built-in rules for every project.
    std::shared_ptr<const ProjectGroupings> groupings;
};

// Turns a decoded event and its original JSON into what the store writes:
// grouping hashes (the server's when the event carries them), title, culprit,
// the tags Sentry derives, search texts, span rows and the compressed payload.
// Pure and thread-safe: runs on import worker threads.
PreparedEvent prepareEvent(Event event, std::string rawJson, std::string itemType, const PrepareOptions& options);

// The tags Sentry adds to every event (level, environment, release, user,
// browser, os, runtime, url, handled, mechanism...), after the event's own.
Pairs derivedTags(const Event& event);

} // namespace stackdeck
