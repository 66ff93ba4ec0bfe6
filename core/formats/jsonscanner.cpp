#include "jsonscanner.h"

#include <array>
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
bool JsonValueScanner::scanString(const char* data, std::size_t size, std::size_t& pos)
{
    if (m_escape) {
        if (pos >= size)
            return false;
        ++pos; // the escaped character
        m_escape = false;
    }
    const std::size_t start = pos;
    while (pos < size) {
        const void* hit = std::memchr(data + pos, '"', size - pos);
        if (!hit) {
            // A backslash run at the end of the piece may escape the next byte.
            std::size_t run = 0;
            while (size - run > start && data[size - run - 1] == '\\')
                ++run;
            m_escape = (run % 2) == 1;
            pos = size;
            return false;
        }
        const auto q = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
        std::size_t run = 0;
        while (q - run > start && data[q - run - 1] == '\\')
            ++run;
        pos = q + 1;
        if (run % 2 == 0)
            return true;
    }
    return false;
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
