#pragma once

#include "model/event.h"
#include "util/hashing.h"

#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck {

struct SegmentEvent {
    Event event;
    std::string rawJson;
};

// Streamed spans (v2 span containers, `{"version": 2, "items": [...]}`, and
// legacy single-span items) stored like transactions: one EventType::Segment
// event per segment. The segment span is the one with `is_segment`, else the
// one another span names as its `segment_id` / `sentry.segment.id`, else a
// span whose parent is not in the payload. Other spans join the segment they
// name, or the one their parent chain leads to. The event id is the MD5 of
// trace id + segment span id, so importing the same spans twice is idempotent.
// `payload` is kept as the raw JSON when it holds a single segment; otherwise
// each segment gets a container of just its spans (which decodes back to it).
std::vector<SegmentEvent> buildSegments(simdjson::dom::array spans, std::string_view payload);
std::vector<SegmentEvent> buildSegmentFromSpan(simdjson::dom::element span, std::string_view payload);

// Typed attribute value (`{"type": ..., "value": ...}`) as text; plain values too.
std::string attributeText(simdjson::dom::element attributes, std::string_view key);

// Lowercase 32-hex MD5 of `text`.

} // namespace stackdeck
