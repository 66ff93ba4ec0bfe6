#pragma once

#include "grouping.h"
#include "model/event.h"

#include <string>

namespace stackdeck::grouping {

// What an issue row shows, derived the way the server derives it
// (sentry/eventtypes: ErrorEvent, DefaultEvent, TransactionEvent, the
// security report events; sentry/event_manager `get_culprit`).
struct EventMetadata {
    std::string title;
    std::string culprit;
    std::string location;

    // `metadata`: error events fill type/value/filename/function; default and
    // transaction events the title; security reports directive/uri/origin/message.
    std::string type;
    std::string value;
    std::string filename;
    std::string function;
    std::string directive;
    std::string uri;
    std::string origin;
    std::string message;
    bool hasType = false; // false for synthetic exceptions: upstream leaves `type` out

    bool operator==(const EventMetadata&) const = default;
};

// Uses `grouping` for the exception that names an exception group and for a
// fingerprint rule's `title=`; in-app flags come from the stack trace rules
// of `config` (the same normalisation grouping uses).
EventMetadata deriveEventMetadata(
    const Event& event, const GroupingResult& grouping, const GroupingConfig& config = {});
// Computes the grouping it needs (hashes only) itself.
EventMetadata deriveEventMetadata(const Event& event, const GroupingConfig& config = {});

// Both, from one normalisation of the event's stack traces (the import's way:
// as computeGrouping() and then deriveEventMetadata(), for half the stack trace work).
struct DescribedGrouping {
    GroupingResult grouping;
    EventMetadata metadata;
};
DescribedGrouping computeGroupingAndMetadata(const Event& event, const GroupingConfig& config);

// Sentry's `truncatechars`: at most `chars` code points, "..." marking a cut.
std::string truncateChars(std::string_view text, std::size_t chars);

} // namespace stackdeck::grouping
