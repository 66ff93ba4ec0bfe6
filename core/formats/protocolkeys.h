#pragma once

#include <simdjson.h>
#include <string_view>

namespace stackdeck {

// Key vocabularies used to tell what a JSON object is, before decoding it.

// Every top-level key of the event protocol (payload and stored shape).
bool isEventKey(std::string_view key);
// Keys that only an event has at its top level. Fragments (a breadcrumb, a
// frame, a user, an exception) share `message`, `timestamp`, `level`, `type`,
// `platform` or `stacktrace` with events, but never these.
bool isDecisiveEventKey(std::string_view key);

// Envelope item types known to Relay and the SDK docs.
bool isKnownItemType(std::string_view type);
// Item types whose payload is decoded; all others are skipped by length.
bool itemTypeIsDecoded(std::string_view type);
// Item types whose payload is JSON text without newlines (when well formed):
// a wrong `length` on those can be repaired by reading to the end of the line.
bool itemTypeIsLineJson(std::string_view type);

// An envelope item header line: a string `type`, none of the event keys, and
// either a known type or one of the item header fields.
bool looksLikeItemHeader(simdjson::dom::object obj);
// An envelope header on its own: only header keys, with dsn, sent_at or trace.
bool looksLikeEnvelopeHeader(simdjson::dom::object obj);

} // namespace stackdeck
