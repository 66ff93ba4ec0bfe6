#pragma once

#include "eventqueries.h"
#include "formats/decodedetail.h"
#include "model/event.h"
#include "util/result.h"

#include <string>

namespace stackdeck::store {

// One stored event: its row, its original as stored, and the event it decodes to.
struct StoredEvent {
    EventRow row;
    StoredPayload payload; // payload.json is the original, byte for byte
    Event event;
};

// The one way back from a stored original to its event (show, the window, the
// what-if comparison, the stored-event scan): the payload is decoded as its
// record was at import (with its item and content type), and the event gets
// its stored identity back. The original does not always carry it: an
// envelope's header may name the event while the item has no event_id, and a
// payload without one got a synthesised id.
Result<Event> decodeStoredEvent(std::string json, const std::string& itemType, const std::string& contentType,
    const std::string& storedEventId, DecodeDetail detail = DecodeDetail::Full);

// Reads and decodes one stored event; an error when the row, its payload or
// the decoding is missing.
Result<StoredEvent> loadStoredEvent(sql::Database& db, const EventRow& row, DecodeDetail detail = DecodeDetail::Full);
Result<StoredEvent> loadStoredEvent(sql::Database& db, EventRowId row, DecodeDetail detail = DecodeDetail::Full);

} // namespace stackdeck::store
