#pragma once

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
    std::string metadataJson;
};

std::vector<std::string> groupingHashes(const Event& event);
EventSummary summarizeEvent(const Event& event);

} // namespace stackdeck
