#pragma once

#include "grouping/grouping.h"
#include "model/event.h"

#include <string>
#include <vector>

namespace stackdeck {

struct GroupingSettings;

// The importer's seam to core/grouping: which hashes group an event, and the
// title/culprit/metadata Sentry derives for it.
struct EventSummary {
    std::string title;
    std::string culprit;
    std::string location;
    std::string metadataJson; // {"type","value","filename","function"} as the server stores it
};

struct EventGrouping {
    std::vector<std::string> hashes;
    EventSummary summary;
};

// The import fast path (no component trees): hashes and the title,
// culprit and metadata from one grouping computation, with the built-in rules
// or a project's settings (see GroupingSettings::serverHashesWin).
EventGrouping groupEvent(const Event& event, const GroupingSettings* settings = nullptr);

// The hashes alone (regroup planning).
std::vector<std::string> groupingHashes(const Event& event);
std::vector<std::string> groupingHashes(const Event& event, const GroupingSettings& settings);

// Title and culprit for events that are not grouped (transactions, feedback).
EventSummary summarizeUngrouped(const Event& event);

} // namespace stackdeck
