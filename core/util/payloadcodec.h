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
// the dictionary by its id and carries a checksum, payload_dicts holds it.
// Chosen by size against worker CPU. One event at a time over 2,000 synthetic
// events (10.6 KB median), dictionary trained on 2 MB of 125 others, zstd -b
// and lz4 -b in one run on this (shared, loaded) machine:
//   LZ4                   3.56x  1283 MB/s
//   zstd --fast=3 + dict  5.93x   632 MB/s   zstd --fast=1 + dict  6.38x  585 MB/s
//   zstd 1 + dict         8.05x   536 MB/s   zstd 3 + dict         8.58x  353 MB/s
//   zstd 1, no dict       5.26x   304 MB/s   (an earlier run; dict 7.74x 351 MB/s then)
// 110 and 256 KB dictionaries compressed no better than 64 KB. Level 3 buys
// 6% fewer bytes for a third more CPU; the fast levels lose a fifth of the
// ratio for little speed. In the import (bench import, 50,000 synthetic
// events, 4 runs each, alternating): the workers used ~4.6 s of CPU with the
// dictionary against ~3.9 s with LZ4, the writer ~3.4 s against ~3.9 s (it
// writes 184 MB instead of 321 MB): about the same CPU in all, the workspace
// at 27% of the input instead of 46%.
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
