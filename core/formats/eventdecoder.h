#pragma once

#include "decodedetail.h"
#include "model/event.h"
#include "util/result.h"

#include <simdjson.h>
#include <string_view>

namespace stackdeck {

// Turns one event object into an Event. Both shapes are accepted: the protocol
// JSON SDKs send (and the server's "JSON" export), and the API-serialised event
// with `entries`. A field of the wrong type is dropped, never fatal; only a
// value that is not an event at all is an error. `requireEventKeys = false`
// is for envelope `event` items, whose header already says what they are
// (`{}` is a valid, empty event there).
Result<Event> decodeEvent(
    simdjson::dom::element root, bool requireEventKeys = true, DecodeDetail depth = DecodeDetail::Full);

// Parses (with the repairs of jsonparse.h: NaN, invalid UTF-8, ...) and decodes one JSON document.
Result<Event> decodeEventJson(std::string_view json, DecodeDetail depth = DecodeDetail::Full);

// An object with a key only events have (protocolkeys.h), or whose keys all
// belong to the event protocol.
bool looksLikeEvent(simdjson::dom::object obj);
// The web API's serialisation: `entries`, `eventID`, or id + dateCreated + groupID/projectID/event.type.
bool looksLikeApiEvent(simdjson::dom::object obj);

namespace detail {
// Pieces shared by the protocol and API decoders.
Stacktrace decodeStacktrace(simdjson::dom::element el, DecodeDetail depth = DecodeDetail::Full);
Frame decodeFrame(simdjson::dom::element el, DecodeDetail depth = DecodeDetail::Full);
ExceptionValue decodeException(simdjson::dom::element el, DecodeDetail depth = DecodeDetail::Full);
Thread decodeThread(simdjson::dom::element el, DecodeDetail depth = DecodeDetail::Full);
// The lists of an event, each within its limit of decodelimits.h (what is cut is recorded on the event).
void decodeExceptionList(simdjson::dom::element el, Event& event, DecodeDetail depth);
void decodeThreadList(simdjson::dom::element el, Event& event, DecodeDetail depth);
void decodeBreadcrumbList(simdjson::dom::element el, Event& event);
void decodeSpanList(simdjson::dom::element el, Event& event, DecodeDetail depth = DecodeDetail::Full);
Breadcrumb decodeBreadcrumb(simdjson::dom::element el);
Request decodeRequest(simdjson::dom::element el, DecodeDetail depth = DecodeDetail::Full);
User decodeUser(simdjson::dom::element el);
// DecodeDetail::Index: every context's alias and type, but the value only of
// those the derived tags read, and no trace `data`.
void decodeContexts(simdjson::dom::element el, Event& event, DecodeDetail depth = DecodeDetail::Full);
LogEntry decodeLogEntry(simdjson::dom::element el);
SdkInfo decodeSdk(simdjson::dom::element el);
// DecodeDetail::Index: only what the span rows store (ids, op, description,
// status, times, exclusive time); no tags, data, measurements or trace ids.
Span decodeSpan(simdjson::dom::element el, DecodeDetail depth = DecodeDetail::Full);
std::vector<Measurement> decodeMeasurements(simdjson::dom::element el);
CspReport decodeCsp(simdjson::dom::element el);
HostnameReport decodeHostnameReport(simdjson::dom::element el);
TemplateInfo decodeTemplate(simdjson::dom::element el);
void decodeApiEvent(simdjson::dom::object obj, Event& event, DecodeDetail depth = DecodeDetail::Full);
} // namespace detail

} // namespace stackdeck
