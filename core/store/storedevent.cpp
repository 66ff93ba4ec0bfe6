#include "storedevent.h"

#include "formats/recorddecoder.h"

namespace stackdeck::store {

Result<Event> decodeStoredEvent(std::string json, const std::string& itemType, const std::string& contentType,
    const std::string& storedEventId, DecodeDetail detail)
{
    auto decoded = decodeJson(std::move(json), itemType, contentType, detail);
    if (!decoded)
        return decoded.error();
    if (decoded->events.empty())
        return Error {"the stored payload holds no event"};
    Event event = std::move(decoded->events.front().event);
    if (!storedEventId.empty())
        event.eventId = storedEventId;
    return event;
}

Result<StoredEvent> loadStoredEvent(sql::Database& db, const EventRow& row, DecodeDetail detail)
{
    try {
        auto payload = loadPayload(db, row.row);
        if (!payload)
            return payload.error();
        auto event = decodeStoredEvent(payload->json, payload->itemType, payload->contentType, row.eventId, detail);
        if (!event)
            return event.error();
        return StoredEvent {row, std::move(payload).value(), std::move(event).value()};
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
}

Result<StoredEvent> loadStoredEvent(sql::Database& db, EventRowId row, DecodeDetail detail)
{
    std::optional<EventRow> stored;
    try {
        stored = eventByRow(db, row);
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
    if (!stored)
        return Error {"no stored event " + std::to_string(row.value)};
    return loadStoredEvent(db, *stored, detail);
}

} // namespace stackdeck::store
