#pragma once

#include "util/result.h"

#include <string>
#include <string_view>

namespace stackdeck {

// Event payloads are stored compressed: the bytes written are what bounds
// SQLite's insert rate (docs/performance-facts.md). Imports use LZ4 (3.5x on
// event JSON at ~5 instructions a byte); zstd (5x, ~18 a byte) stays readable
// for workspaces compacted with it.
enum class PayloadCodec : int { Plain = 0, Zstd = 1, Lz4 = 2 };

// Thread-safe (one compression context per thread).
std::string zstdCompress(std::string_view data, int level);
Result<std::string> zstdDecompress(std::string_view data, std::size_t expectedSize);
std::string lz4Compress(std::string_view data);
Result<std::string> lz4Decompress(std::string_view data, std::size_t expectedSize);

// The largest payload a workspace can hold: the import's record cap. A stored
// size above it is a damaged or crafted workspace, not a reason to allocate.
inline constexpr std::size_t kMaxStoredPayloadBytes = std::size_t {64} << 20;

// Decodes a stored payload whatever its codec. `rawSize` comes from the
// workspace, which is untrusted input too: a size that the compressed bytes
// cannot expand to (LZ4 at most 255:1; zstd's frame states its own size), or
// one above kMaxStoredPayloadBytes, is an error, never an allocation.
Result<std::string> decodePayload(PayloadCodec codec, std::string_view data, std::size_t rawSize);

} // namespace stackdeck
