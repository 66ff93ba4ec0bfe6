#pragma once

#include <cstdint>

namespace stackdeck {

// How much of an event the decoder builds.
enum class DecodeDetail : std::uint8_t {
    // Everything in the model: what the event views show.
    Full,
    // What the derived tables need (grouping, titles, tags, search, spans) and
    // nothing else: no breadcrumbs, frame variables, pre/post context lines,
    // registers, request headers, cookies, body and env, extra, modules,
    // debug_meta, _meta, errors, breakdowns or measurements. Import and
    // re-grouping decode this way; the stored original keeps everything.
    Index,
};

} // namespace stackdeck
