#include "jsonscanner.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

namespace stackdeck {
namespace {

constexpr std::array<bool, 256> makeStructural()
{
    std::array<bool, 256> t {};
    for (unsigned char c : {'"', '{', '}', '[', ']'})
        t[c] = true;
    return t;
}
constexpr std::array<bool, 256> kStructural = makeStructural();

bool isScalarByte(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+'
        || c == '.';
}

} // namespace

void JsonValueScanner::reset()
{
    m_kind = Kind::None;
    m_stack.clear();
    m_inString = false;
    m_escape = false;
    m_problem.clear();
}

// Advances through string content from `p`; returns the new position and sets
// `closed` when the closing quote was consumed. Strings in events are mostly
// short (keys), so instead of a memchr call per string this steps 8 bytes at a
// time while none is a quote or a backslash. State lives in locals: `data` is
// char, which may alias the members, so member accesses in the loop would be
// reloaded on every byte.
std::size_t JsonValueScanner::scanString(const char* data, std::size_t size, std::size_t p, bool& closed)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    // High bit set in the bytes of v equal to c; exact for the lowest such byte.
    const auto byteMask = [](std::uint64_t v, unsigned char c) {
        const std::uint64_t x = v ^ (ones * c);
        return (x - ones) & ~x & highs;
    };
    bool escape = m_escape;
    closed = false;
    for (;;) {
        if (escape) {
            if (p >= size)
                break;
            ++p; // the escaped character
            escape = false;
        }
        bool hit = false;
        while (p + 8 <= size) {
            std::uint64_t v;
            std::memcpy(&v, data + p, 8);
            const std::uint64_t m = byteMask(v, '"') | byteMask(v, '\\');
            if (m != 0) {
                if constexpr (std::endian::native == std::endian::little)
                    p += static_cast<std::size_t>(__builtin_ctzll(m) >> 3);
                hit = true;
                break;
            }
            p += 8;
        }
        if (!hit || std::endian::native != std::endian::little) {
            while (p < size && data[p] != '"' && data[p] != '\\')
                ++p;
        }
        if (p >= size)
            break;
        if (data[p++] == '"') {
            closed = true;
            break;
        }
        escape = true;
    }
    m_escape = escape;
    return p;
}

JsonValueScanner::Status JsonValueScanner::scan(const char* data, std::size_t size, std::size_t& pos)
{
    std::size_t p = pos;
    if (m_kind == Kind::None) {
        if (p >= size)
            return Status::NeedMore;
        const char c = data[p];
        if (c == '{' || c == '[') {
            m_kind = Kind::Container;
            m_stack.push_back(c == '{' ? '}' : ']');
            ++p;
        } else if (c == '"') {
            m_kind = Kind::String;
            m_inString = true;
            ++p;
        } else if (isScalarByte(c)) {
            m_kind = Kind::Scalar;
        } else {
            m_problem = "unexpected character";
            return Status::Malformed;
        }
    }
    if (m_kind == Kind::String) {
        bool closed = false;
        pos = scanString(data, size, p, closed);
        if (!closed)
            return Status::NeedMore;
        m_inString = false;
        m_kind = Kind::None;
        return Status::Complete;
    }
    if (m_kind == Kind::Scalar) {
        while (p < size && isScalarByte(data[p]))
            ++p;
        pos = p;
        if (p == size)
            return Status::NeedMore;
        m_kind = Kind::None;
        return Status::Complete;
    }
    bool inString = m_inString;
    Status status = Status::NeedMore;
    while (p < size) {
        if (inString) {
            bool closed = false;
            p = scanString(data, size, p, closed);
            if (!closed)
                break;
            inString = false;
            continue;
        }
        while (p < size && !kStructural[static_cast<unsigned char>(data[p])])
            ++p;
        if (p == size)
            break;
        const char c = data[p++];
        if (c == '"') {
            inString = true;
        } else if (c == '{') {
            m_stack.push_back('}');
        } else if (c == '[') {
            m_stack.push_back(']');
        } else { // '}' or ']'
            if (m_stack.empty() || m_stack.back() != c) {
                m_problem = std::string("unbalanced '") + c + "'";
                status = Status::Malformed;
                break;
            }
            m_stack.pop_back();
            if (m_stack.empty()) {
                m_kind = Kind::None;
                status = Status::Complete;
                break;
            }
        }
    }
    m_inString = inString;
    pos = p;
    return status;
}

JsonValueScanner::Status JsonValueScanner::finish()
{
    if (m_kind == Kind::Scalar) {
        m_kind = Kind::None;
        return Status::Complete;
    }
    if (m_kind == Kind::None)
        return Status::Complete;
    m_problem = m_inString ? "the input ends inside a string" : "the input ends before the value is closed";
    return Status::Malformed;
}

} // namespace stackdeck
