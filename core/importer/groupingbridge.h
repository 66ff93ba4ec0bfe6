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

struct GroupingSettings;

// The hashes to store for an event, with the built-in rules or with a
// project's settings (see GroupingSettings::serverHashesWin).
std::vector<std::string> groupingHashes(const Event& event);
std::vector<std::string> groupingHashes(const Event& event, const GroupingSettings& settings);
EventSummary summarizeEvent(const Event& event);

} // namespace stackdeck
