#pragma once

#include "inspectedenvelope.h"

#include <QString>

#include <cstdint>
#include <string_view>
#include <vector>

namespace stackdeck::ui {

// One item of a received envelope for the inspector: what the endpoint
// reported (type, headers, size) and, when the endpoint kept the decoded body
// (up to 1 MiB), where the item's payload lies in it.
struct InspectedItem {
    QString type;
    QString contentType;
    QString filename;
    std::int64_t size = 0;
    QString header; // the item header line as sent
    std::string_view payload; // into the envelope's body; empty when unknown
    bool payloadKnown = false;
};

// The items of `envelope` with their payloads found in its body: each item
// header line is looked for after the previous payload, and its payload taken
// by the size the endpoint read (to the end of the line when that is
// unknown). A body from the store route is one "event" item. The views hold
// the envelope (and with it the body) while they show the items.
std::vector<InspectedItem> inspectItems(const ingest::ReceivedEnvelope& envelope);

// How an item's payload shows.
enum class PayloadKind { Json, Text, Binary };
PayloadKind payloadKind(const InspectedItem& item);

// A classic hex dump (offset, 16 bytes in hex, their ASCII) of the first
// `maxBytes` of `bytes`, with a line saying how many more there are.
QString hexDump(std::string_view bytes, std::size_t maxBytes = 4096);

} // namespace stackdeck::ui
