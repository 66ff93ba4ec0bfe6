#pragma once

// Per-event limits of the decoder, so that what an event costs stays
// proportional to its size: `"frames": [{}, {}, ...]` of a million empty
// frames must not become a million Frame values (each several hundred bytes).
// The numbers follow Relay where Relay has one (its hard limit of 250 frames
// per stack trace keeps the last frames, so the server groups the same frames
// we do), and are generous where it has none. What is cut is recorded on the
// event (Event::trims) and shown by the event view; the stored original keeps
// everything.

#include "model/trim.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::detail {

namespace limits {
inline constexpr std::size_t kFramesPerStacktrace = 250; // Relay's enforce_frame_hard_limit: the last are kept
inline constexpr std::size_t kFramesPerEvent = 10'000; // over every stack trace of the event
inline constexpr std::size_t kExceptions = 100; // the newest (last) are kept
inline constexpr std::size_t kThreads = 256;
inline constexpr std::size_t kBreadcrumbs = 1'000; // the newest (last) are kept
inline constexpr std::size_t kSpans = 10'000;
inline constexpr std::size_t kPairs = 1'000; // tags, headers, cookies, query, env, modules, ...
inline constexpr std::size_t kContexts = 200;
inline constexpr std::size_t kLines = 200; // pre_context / post_context lines, fingerprint parts
inline constexpr std::size_t kMeasurements = 1'000;
// Relay's max_chars of the fields grouping reads (its MaxChars::Symbol and ::Path).
inline constexpr std::size_t kSymbolChars = 256; // frame function, symbol
inline constexpr std::size_t kPathChars = 256; // frame filename, abs_path
} // namespace limits

// Collects the trims of the event decoded on this thread. Nested scopes (an
// API event decoded inside decodeEvent) share the outer one.
class TrimScope {
public:
    explicit TrimScope(std::vector<Trim>& out);
    ~TrimScope();
    TrimScope(const TrimScope&) = delete;
    TrimScope& operator=(const TrimScope&) = delete;

private:
    bool m_outer;
};

// Names the container being decoded ("exception.values", 3), so that a trim
// below it is recorded with its full path. Cheap: nothing is built unless a
// trim happens.
class TrimPath {
public:
    explicit TrimPath(std::string_view name, std::size_t index = kNoIndex);
    ~TrimPath();
    TrimPath(const TrimPath&) = delete;
    TrimPath& operator=(const TrimPath&) = delete;

    static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);
};

// Records that `field` (relative to the current TrimPath) had `original` items and kept `kept`.
void recordTrim(std::string_view field, std::size_t original, std::size_t kept);

// Relay's trim_string: text of more than `maxChars` characters keeps its
// first maxChars - 3 and gets "..."; recorded as a trim of `field`.
void limitChars(std::string_view field, std::string& text, std::size_t maxChars);

// How many of `wanted` frames the event's frame budget still allows; takes them.
std::size_t takeFrameBudget(std::size_t wanted);

// The range [first, first + count) of `size` items to keep under `limit`:
// the last ones when keepLast, else the first. Records a trim when it cuts.
struct KeptRange {
    std::size_t first = 0;
    std::size_t count = 0;
    bool contains(std::size_t i) const { return i >= first && i < first + count; }
};
KeptRange keepWithin(std::string_view field, std::size_t size, std::size_t limit, bool keepLast);

} // namespace stackdeck::detail
