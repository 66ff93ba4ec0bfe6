#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stackdeck::grouping {

// Incremental MD5 (RFC 1321) producing Sentry's 32-hex digests. Grouping
// hashes many short strings per event; a small local implementation avoids
// per-call allocations of a generic hashing API.
class Md5Hasher {
public:
    Md5Hasher();
    void add(std::string_view bytes);
    std::string hexDigest(); // finalises; the hasher must not be reused afterwards

private:
    void block(const unsigned char* p);

    std::uint32_t m_state[4];
    std::uint64_t m_length = 0;
    unsigned char m_buffer[64];
    std::size_t m_buffered = 0;
};

// md5 over the concatenation of the values: Sentry's `hash_from_values`.
template <typename Range> std::string md5Hex(const Range& values)
{
    Md5Hasher h;
    for (const auto& v : values)
        h.add(v);
    return h.hexDigest();
}

} // namespace stackdeck::grouping
