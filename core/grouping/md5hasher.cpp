#include "md5hasher.h"

#include <bit>
#include <cstring>

namespace stackdeck::grouping {

namespace {

constexpr std::uint32_t kSine[64] = {
    0xd76aa478,
    0xe8c7b756,
    0x242070db,
    0xc1bdceee,
    0xf57c0faf,
    0x4787c62a,
    0xa8304613,
    0xfd469501, //
    0x698098d8,
    0x8b44f7af,
    0xffff5bb1,
    0x895cd7be,
    0x6b901122,
    0xfd987193,
    0xa679438e,
    0x49b40821, //
    0xf61e2562,
    0xc040b340,
    0x265e5a51,
    0xe9b6c7aa,
    0xd62f105d,
    0x02441453,
    0xd8a1e681,
    0xe7d3fbc8, //
    0x21e1cde6,
    0xc33707d6,
    0xf4d50d87,
    0x455a14ed,
    0xa9e3e905,
    0xfcefa3f8,
    0x676f02d9,
    0x8d2a4c8a, //
    0xfffa3942,
    0x8771f681,
    0x6d9d6122,
    0xfde5380c,
    0xa4beea44,
    0x4bdecfa9,
    0xf6bb4b60,
    0xbebfbc70, //
    0x289b7ec6,
    0xeaa127fa,
    0xd4ef3085,
    0x04881d05,
    0xd9d4d039,
    0xe6db99e5,
    0x1fa27cf8,
    0xc4ac5665, //
    0xf4292244,
    0x432aff97,
    0xab9423a7,
    0xfc93a039,
    0x655b59c3,
    0x8f0ccc92,
    0xffeff47d,
    0x85845dd1, //
    0x6fa87e4f,
    0xfe2ce6e0,
    0xa3014314,
    0x4e0811a1,
    0xf7537e82,
    0xbd3af235,
    0x2ad7d2bb,
    0xeb86d391,
};
inline std::uint32_t rotl(std::uint32_t x, int c)
{
    return (x << c) | (x >> (32 - c));
}

} // namespace

Md5Hasher::Md5Hasher()
    : m_state {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}
{
}

// The 64 steps written out (RFC 1321 order); an unrolled body is about three
// times faster than a loop with per-step branches.
#define STACKDECK_MD5_STEP(f, a, b, c, d, x, t, s)                                                                     \
    (a) += f((b), (c), (d)) + (x) + (t);                                                                               \
    (a) = rotl((a), (s)) + (b)

void Md5Hasher::block(const unsigned char* p)
{
    std::uint32_t x[16];
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(x, p, sizeof x);
    } else {
        for (std::size_t i = 0; i < 16; ++i) {
            x[i] = std::uint32_t(p[i * 4]) | (std::uint32_t(p[i * 4 + 1]) << 8) | (std::uint32_t(p[i * 4 + 2]) << 16)
                | (std::uint32_t(p[i * 4 + 3]) << 24);
        }
    }
    auto F = [](std::uint32_t b, std::uint32_t c, std::uint32_t d) { return d ^ (b & (c ^ d)); };
    auto G = [](std::uint32_t b, std::uint32_t c, std::uint32_t d) { return c ^ (d & (b ^ c)); };
    auto H = [](std::uint32_t b, std::uint32_t c, std::uint32_t d) { return b ^ c ^ d; };
    auto I = [](std::uint32_t b, std::uint32_t c, std::uint32_t d) { return c ^ (b | ~d); };
    std::uint32_t a = m_state[0], b = m_state[1], c = m_state[2], d = m_state[3];

    STACKDECK_MD5_STEP(F, a, b, c, d, x[0], kSine[0], 7);
    STACKDECK_MD5_STEP(F, d, a, b, c, x[1], kSine[1], 12);
    STACKDECK_MD5_STEP(F, c, d, a, b, x[2], kSine[2], 17);
    STACKDECK_MD5_STEP(F, b, c, d, a, x[3], kSine[3], 22);
    STACKDECK_MD5_STEP(F, a, b, c, d, x[4], kSine[4], 7);
    STACKDECK_MD5_STEP(F, d, a, b, c, x[5], kSine[5], 12);
    STACKDECK_MD5_STEP(F, c, d, a, b, x[6], kSine[6], 17);
    STACKDECK_MD5_STEP(F, b, c, d, a, x[7], kSine[7], 22);
    STACKDECK_MD5_STEP(F, a, b, c, d, x[8], kSine[8], 7);
    STACKDECK_MD5_STEP(F, d, a, b, c, x[9], kSine[9], 12);
    STACKDECK_MD5_STEP(F, c, d, a, b, x[10], kSine[10], 17);
    STACKDECK_MD5_STEP(F, b, c, d, a, x[11], kSine[11], 22);
    STACKDECK_MD5_STEP(F, a, b, c, d, x[12], kSine[12], 7);
    STACKDECK_MD5_STEP(F, d, a, b, c, x[13], kSine[13], 12);
    STACKDECK_MD5_STEP(F, c, d, a, b, x[14], kSine[14], 17);
    STACKDECK_MD5_STEP(F, b, c, d, a, x[15], kSine[15], 22);

    STACKDECK_MD5_STEP(G, a, b, c, d, x[1], kSine[16], 5);
    STACKDECK_MD5_STEP(G, d, a, b, c, x[6], kSine[17], 9);
    STACKDECK_MD5_STEP(G, c, d, a, b, x[11], kSine[18], 14);
    STACKDECK_MD5_STEP(G, b, c, d, a, x[0], kSine[19], 20);
    STACKDECK_MD5_STEP(G, a, b, c, d, x[5], kSine[20], 5);
    STACKDECK_MD5_STEP(G, d, a, b, c, x[10], kSine[21], 9);
    STACKDECK_MD5_STEP(G, c, d, a, b, x[15], kSine[22], 14);
    STACKDECK_MD5_STEP(G, b, c, d, a, x[4], kSine[23], 20);
    STACKDECK_MD5_STEP(G, a, b, c, d, x[9], kSine[24], 5);
    STACKDECK_MD5_STEP(G, d, a, b, c, x[14], kSine[25], 9);
    STACKDECK_MD5_STEP(G, c, d, a, b, x[3], kSine[26], 14);
    STACKDECK_MD5_STEP(G, b, c, d, a, x[8], kSine[27], 20);
    STACKDECK_MD5_STEP(G, a, b, c, d, x[13], kSine[28], 5);
    STACKDECK_MD5_STEP(G, d, a, b, c, x[2], kSine[29], 9);
    STACKDECK_MD5_STEP(G, c, d, a, b, x[7], kSine[30], 14);
    STACKDECK_MD5_STEP(G, b, c, d, a, x[12], kSine[31], 20);

    STACKDECK_MD5_STEP(H, a, b, c, d, x[5], kSine[32], 4);
    STACKDECK_MD5_STEP(H, d, a, b, c, x[8], kSine[33], 11);
    STACKDECK_MD5_STEP(H, c, d, a, b, x[11], kSine[34], 16);
    STACKDECK_MD5_STEP(H, b, c, d, a, x[14], kSine[35], 23);
    STACKDECK_MD5_STEP(H, a, b, c, d, x[1], kSine[36], 4);
    STACKDECK_MD5_STEP(H, d, a, b, c, x[4], kSine[37], 11);
    STACKDECK_MD5_STEP(H, c, d, a, b, x[7], kSine[38], 16);
    STACKDECK_MD5_STEP(H, b, c, d, a, x[10], kSine[39], 23);
    STACKDECK_MD5_STEP(H, a, b, c, d, x[13], kSine[40], 4);
    STACKDECK_MD5_STEP(H, d, a, b, c, x[0], kSine[41], 11);
    STACKDECK_MD5_STEP(H, c, d, a, b, x[3], kSine[42], 16);
    STACKDECK_MD5_STEP(H, b, c, d, a, x[6], kSine[43], 23);
    STACKDECK_MD5_STEP(H, a, b, c, d, x[9], kSine[44], 4);
    STACKDECK_MD5_STEP(H, d, a, b, c, x[12], kSine[45], 11);
    STACKDECK_MD5_STEP(H, c, d, a, b, x[15], kSine[46], 16);
    STACKDECK_MD5_STEP(H, b, c, d, a, x[2], kSine[47], 23);

    STACKDECK_MD5_STEP(I, a, b, c, d, x[0], kSine[48], 6);
    STACKDECK_MD5_STEP(I, d, a, b, c, x[7], kSine[49], 10);
    STACKDECK_MD5_STEP(I, c, d, a, b, x[14], kSine[50], 15);
    STACKDECK_MD5_STEP(I, b, c, d, a, x[5], kSine[51], 21);
    STACKDECK_MD5_STEP(I, a, b, c, d, x[12], kSine[52], 6);
    STACKDECK_MD5_STEP(I, d, a, b, c, x[3], kSine[53], 10);
    STACKDECK_MD5_STEP(I, c, d, a, b, x[10], kSine[54], 15);
    STACKDECK_MD5_STEP(I, b, c, d, a, x[1], kSine[55], 21);
    STACKDECK_MD5_STEP(I, a, b, c, d, x[8], kSine[56], 6);
    STACKDECK_MD5_STEP(I, d, a, b, c, x[15], kSine[57], 10);
    STACKDECK_MD5_STEP(I, c, d, a, b, x[6], kSine[58], 15);
    STACKDECK_MD5_STEP(I, b, c, d, a, x[13], kSine[59], 21);
    STACKDECK_MD5_STEP(I, a, b, c, d, x[4], kSine[60], 6);
    STACKDECK_MD5_STEP(I, d, a, b, c, x[11], kSine[61], 10);
    STACKDECK_MD5_STEP(I, c, d, a, b, x[2], kSine[62], 15);
    STACKDECK_MD5_STEP(I, b, c, d, a, x[9], kSine[63], 21);

    m_state[0] += a;
    m_state[1] += b;
    m_state[2] += c;
    m_state[3] += d;
}

#undef STACKDECK_MD5_STEP

void Md5Hasher::add(std::string_view bytes)
{
    if (bytes.empty())
        return; // (also keeps a null data pointer away from memcpy)
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    m_length += n;
    if (m_buffered > 0) {
        const std::size_t take = std::min(n, 64 - m_buffered);
        std::memcpy(m_buffer + m_buffered, p, take);
        m_buffered += take;
        p += take;
        n -= take;
        if (m_buffered < 64)
            return;
        block(m_buffer);
        m_buffered = 0;
    }
    while (n >= 64) {
        block(p);
        p += 64;
        n -= 64;
    }
    if (n > 0) {
        std::memcpy(m_buffer, p, n);
        m_buffered = n;
    }
}

std::string Md5Hasher::hexDigest()
{
    const std::uint64_t bits = m_length * 8;
    const unsigned char pad = 0x80;
    add(std::string_view(reinterpret_cast<const char*>(&pad), 1));
    const unsigned char zero[64] = {};
    const std::size_t fill = m_buffered <= 56 ? 56 - m_buffered : 120 - m_buffered;
    add(std::string_view(reinterpret_cast<const char*>(zero), fill));
    unsigned char len[8];
    for (int i = 0; i < 8; ++i)
        len[i] = static_cast<unsigned char>(bits >> (8 * i));
    add(std::string_view(reinterpret_cast<const char*>(len), 8));

    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        const auto byte = static_cast<unsigned char>(m_state[i / 4] >> (8 * (i % 4)));
        out[static_cast<std::size_t>(i) * 2] = kHex[byte >> 4];
        out[static_cast<std::size_t>(i) * 2 + 1] = kHex[byte & 0xF];
    }
    return out;
}

} // namespace stackdeck::grouping
