#include "jsonscanner.h"

#include <array>
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

// Advances through string content; true when the closing quote was consumed.
// Strings in events are mostly short (keys), so instead of a memchr call per
// string this steps 8 bytes at a time while none is a quote or a backslash.
bool JsonValueScanner::scanString(const char* data, std::size_t size, std::size_t& pos)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const auto hasByte = [](std::uint64_t v, char c) {
        const std::uint64_t x = v ^ (ones * static_cast<unsigned char>(c));
        return ((x - ones) & ~x & highs) != 0;
    };
    for (;;) {
        if (m_escape) {
            if (pos >= size)
                return false;
            ++pos; // the escaped character
            m_escape = false;
        }
        while (pos + 8 <= size) {
            std::uint64_t v;
            std::memcpy(&v, data + pos, 8);
            if (hasByte(v, '"') || hasByte(v, '\\'))
                break;
            pos += 8;
        }
        while (pos < size && data[pos] != '"' && data[pos] != '\\')
            ++pos;
        if (pos >= size)
            return false;
        if (data[pos++] == '"')
            return true;
        m_escape = true;
    }
}

JsonValueScanner::Status JsonValueScanner::scan(const char* data, std::size_t size, std::size_t& pos)
{
    if (m_kind == Kind::None) {
        if (pos >= size)
            return Status::NeedMore;
        const char c = data[pos];
        if (c == '{' || c == '[') {
            m_kind = Kind::Container;
            m_stack.push_back(c == '{' ? '}' : ']');
            ++pos;
        } else if (c == '"') {
            m_kind = Kind::String;
            m_inString = true;
            ++pos;
        } else if (isScalarByte(c)) {
            m_kind = Kind::Scalar;
        } else {
            m_problem = "unexpected character";
            return Status::Malformed;
        }
    }
    if (m_kind == Kind::String) {
        if (!scanString(data, size, pos))
            return Status::NeedMore;
        m_inString = false;
        m_kind = Kind::None;
        return Status::Complete;
    }
    if (m_kind == Kind::Scalar) {
        while (pos < size && isScalarByte(data[pos]))
            ++pos;
        if (pos == size)
            return Status::NeedMore;
        m_kind = Kind::None;
        return Status::Complete;
    }
    while (pos < size) {
        if (m_inString) {
            if (!scanString(data, size, pos))
                return Status::NeedMore;
            m_inString = false;
            continue;
        }
        while (pos < size && !kStructural[static_cast<unsigned char>(data[pos])])
            ++pos;
        if (pos == size)
            break;
        const char c = data[pos++];
        switch (c) {
        case '"':
            m_inString = true;
            break;
        case '{':
            m_stack.push_back('}');
            break;
        case '[':
            m_stack.push_back(']');
            break;
        default: // '}' or ']'
            if (m_stack.empty() || m_stack.back() != c) {
                m_problem = std::string("unbalanced '") + c + "'";
                return Status::Malformed;
            }
            m_stack.pop_back();
            if (m_stack.empty()) {
                m_kind = Kind::None;
                return Status::Complete;
            }
        }
    }
    return Status::NeedMore;
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
