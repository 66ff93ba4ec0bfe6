#pragma once

#include <simdjson.h>
#include <string>
#include <string_view>

namespace stackdeck {

// What a bare JSON object (not an envelope item, whose header says what it
// is) holds. Files met in practice hold events in both shapes, the other
// payloads SDKs send, API responses around events, and things that are no
// events at all (an org list, a request log) which must be named, not guessed.
enum class PayloadClass : std::uint8_t {
    Event, // protocol or API event
    Wrapped, // an event under `wrapperKey` (eventids lookup, issue hashes)
    Occurrence, // issue-platform occurrence with its event under `event`
    SpanContainer, // {"version": 2, "items": [span, ...]}
    LogContainer, // {"items": [log, ...]}
    MetricContainer, // {"items": [metric, ...]}
    Span, // one legacy span
    Session,
    Sessions,
    ClientReport,
    CheckIn,
    Profile,
    Replay,
    UserReport,
    NotEvent,
};

struct PayloadClassification {
    PayloadClass kind = PayloadClass::NotEvent;
    std::string reason; // for NotEvent: "not a Sentry event: ..."
    std::string_view wrapperKey; // for Wrapped / Occurrence
};

PayloadClassification classifyPayload(simdjson::dom::object obj);

} // namespace stackdeck
