#pragma once

#include "grouping/grouping.h"
#include "model/event.h"

#include <string>
#include <vector>

namespace stackdeck {

// The importer's seam to core/grouping: which hashes group an event, and the
// title/culprit/metadata Sentry derives for it.
struct EventSummary {
    std::string title;
    std::string culprit;
    std::string location;
    std::string metadataJson; // {"type","value","filename","function"} as the server stores it
};

struct EventGrouping {
    std::vector<std::string> hashes; // the server's own when the event carries them, else computed
    EventSummary summary;
};

// The import fast path (no component trees): hashes and the title,
// culprit and metadata from one grouping computation.
EventGrouping groupEvent(const Event& event, const grouping::GroupingConfig& config = {});

// Title and culprit for events that are not grouped (transactions, feedback).
EventSummary summarizeUngrouped(const Event& event);

} // namespace stackdeck
