#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stackdeck::ui {

struct ReindentedJson {
    std::string
        head; // the start of the pretty text: whole lines within `maxHead` bytes (cut inside a longer first line)
    std::size_t totalSize = 0; // bytes of the whole pretty text
    bool complete() const { return head.size() == totalSize; }
};

// Pretty-prints JSON text the way nlohmann's dump(2) lays it out (2-space
// indent, `"key": value`, empty containers as {} and []) without building a
// document: tokens are copied verbatim, so strings keep their escapes and
// numbers their spelling. The whole text is validated, but only the first
// `maxHead` bytes of output are kept: a megabyte body costs a few
// milliseconds, not the hundreds a DOM round trip does. Nullopt when the text
// is not JSON or nests deeper than `maxDepth`.
std::optional<ReindentedJson> reindentJson(
    std::string_view text, std::size_t maxHead = std::string::npos, int maxDepth = 512);

} // namespace stackdeck::ui
