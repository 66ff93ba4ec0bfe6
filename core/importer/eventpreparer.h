#pragma once

#include "store/preparedevent.h"
#include "util/payloadcodec.h"

#include <string>

namespace stackdeck {

struct GroupingSettings;

struct PrepareOptions {
    std::string project = "default"; // used when neither the caller nor the event names one
    bool projectFromEvent = true; // a payload's `project` id names the project when no --project was given
    PayloadCodec codec = PayloadCodec::Lz4; // Plain: keep as is (reindex keeps the stored payload)
    int zstdLevel = 1;
    Micros fallbackTimestamp = 0; // for events without timestamp and received time
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
