#pragma once

#include "util/result.h"

#include <string>
#include <string_view>

namespace stackdeck {

class PayloadDicts;

// Event payloads are stored compressed: the bytes written are what bounds
// SQLite's insert rate (docs/performance-facts.md), and they are most of a
// workspace. LZ4 (3.5x on event JSON at ~5 instructions a byte) is what
// imports wrote before a workspace has a dictionary; zstd without one stays
// readable for workspaces compacted with it.
//
// ZstdDict: zstd at level 1 with a 64 KB dictionary trained on the
// workspace's first payloads (util/payloaddict.h, issue #20); the frame names
// the dictionary by its id, payload_dicts holds it. Chosen by size against
// worker CPU, one event at a time over 2,000 synthetic events (10.6 KB
// median) with a dictionary trained on 2,000 others (zstd -b, this machine):
//   LZ4                 3.56x  1230 MB/s      zstd 1, no dict  5.26x  304 MB/s
//   zstd 1 + 64 KB dict 7.74x   351 MB/s      zstd 3 + 64 KB   8.24x  303 MB/s
//   zstd 1 + 110 KB     7.67x   371 MB/s      zstd 3 + 256 KB  7.92x  175 MB/s
//   zstd 2 + 64 KB      7.51x   341 MB/s
// The dictionary halves the stored bytes again over LZ4; level 3 buys 6% more
// for 14% more CPU and a larger dictionary buys nothing. At 5,000 events/s of
// 10 KB, level 1 costs the two workers ~0.15 s of CPU per second of import
// where LZ4 cost 0.04 s, while the writer writes half the bytes.
enum class PayloadCodec : int { Plain = 0, Zstd = 1, Lz4 = 2, ZstdDict = 3 };

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
// ZstdDict payloads need the workspace's dictionaries (store/payloaddictrows.h):
// a frame naming one that `dicts` lacks (or null) is an error naming its id.
Result<std::string> decodePayload(
    PayloadCodec codec, std::string_view data, std::size_t rawSize, const PayloadDicts* dicts = nullptr);

} // namespace stackdeck
