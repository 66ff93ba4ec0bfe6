#pragma once

#include "util/result.h"

#include <string>
#include <string_view>

namespace stackdeck {

// Event payloads are stored zstd-compressed: JSON shrinks 4-8x, and the bytes
// written are what bounds SQLite's insert rate (docs/performance-facts.md).
enum class PayloadCodec : int { Plain = 0, Zstd = 1 };

// Thread-safe (one compression context per thread).
std::string zstdCompress(std::string_view data, int level);
Result<std::string> zstdDecompress(std::string_view data, std::size_t expectedSize);

// Decodes a stored payload whatever its codec.
Result<std::string> decodePayload(PayloadCodec codec, std::string_view data, std::size_t rawSize);

} // namespace stackdeck
