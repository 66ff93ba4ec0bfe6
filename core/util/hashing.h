#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stackdeck {

// Stable 64-bit FNV-1a (std::hash is not stable across runs, and stored
// values must be).
constexpr std::uint64_t fnv1a64(std::string_view text, std::uint64_t seed = 0xcbf29ce484222325ULL)
{
    std::uint64_t h = seed;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Two texts hashed with a separator, so ("ab", "c") and ("a", "bc") differ.
constexpr std::uint64_t fnv1a64(std::string_view a, std::string_view b)
{
    std::uint64_t h = fnv1a64(a);
    h ^= 0xffu;
    h *= 0x100000001b3ULL;
    return fnv1a64(b, h);
}

// A stable 64-bit hash eight bytes at a time, for long keys hashed often
// (FNV-1a's byte-serial multiplies take about 4 cycles a byte). Stored values
// depend on byte order: a workspace moved to a big-endian machine only loses
// the hits of the values it holds.
std::uint64_t hashBytes64(std::string_view text, std::uint64_t seed);

// Lowercase hex MD5 of the bytes.
std::string md5Hex(std::string_view bytes);

} // namespace stackdeck
