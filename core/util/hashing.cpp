#include "hashing.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <cstring>

namespace stackdeck {

namespace {
constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;

// One word in: the multiply carries each bit upwards, the shift brings the
// high half down, so no difference survives as a lone top bit that the next
// word could cancel. A bijection of `h` for each word.
constexpr std::uint64_t step(std::uint64_t h, std::uint64_t word)
{
    h = (h ^ word) * kMul;
    return h ^ (h >> 32);
}

constexpr std::uint64_t finish(std::uint64_t h)
{
    h ^= h >> 31; // splitmix64's finaliser: every input bit reaches every output bit
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}
} // namespace

std::uint64_t hashBytes64(std::string_view text, std::uint64_t seed)
{
    // The length goes in first (plus one: an empty text still moves the seed).
    std::uint64_t h = seed ^ ((static_cast<std::uint64_t>(text.size()) + 1) * kMul);
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        h = step(h, word);
    }
    std::uint64_t tail = 0;
    if (i < text.size())
        std::memcpy(&tail, text.data() + i, text.size() - i);
    return finish(step(h, tail));
}

std::string md5Hex(std::string_view bytes)
{
    const QByteArray digest = QCryptographicHash::hash(
        QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())), QCryptographicHash::Md5);
    return digest.toHex().toStdString();
}

} // namespace stackdeck
