#include "unicodetext.h"

#include <cstring>

namespace stackdeck::grouping::text {

char32_t decode(std::string_view s, std::size_t i, std::size_t& length)
{
    const auto c = static_cast<unsigned char>(s[i]);
    length = 1;
    if (c < 0x80)
        return c;
    std::size_t len = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        return c;
    }
    if (i + len > s.size())
        return c;
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return c;
        cp = (cp << 6) | (cc & 0x3F);
    }
    length = len;
    return cp;
}

bool isSpace(char32_t c)
{
    switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x1C:
    case 0x1D:
    case 0x1E:
    case 0x1F:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

bool isAscii(std::string_view s)
{
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (w & 0x8080808080808080ULL)
            return false;
    }
    for (; i < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) >= 0x80)
            return false;
    }
    return true;
}

std::size_t codePointCount(std::string_view s)
{
    if (isAscii(s))
        return s.size();
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        decode(s, i, len);
        i += len;
        ++n;
    }
    return n;
}

bool isCollapsed(std::string_view s)
{
    bool previousSpace = true; // a leading space is not allowed either
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t len;
            if (isSpace(decode(s, i, len)))
                return false;
            previousSpace = false;
            i += len;
            continue;
        }
        const bool space = isSpace(c);
        if (space && (c != ' ' || previousSpace))
            return false;
        previousSpace = space;
        ++i;
    }
    return !previousSpace || s.empty();
}

std::string_view rstrip(std::string_view s)
{
    std::size_t keep = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        const char32_t c = decode(s, i, len);
        i += len;
        if (!isSpace(c))
            keep = i;
    }
    return s.substr(0, keep);
}

std::string_view strip(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t len;
        const char32_t c = decode(s, i, len);
        if (!isSpace(c))
            break;
        i += len;
    }
    return rstrip(s.substr(i));
}

namespace {
// ASCII bytes Python's str.split() treats as whitespace, as a table.
struct SpaceTable {
    bool space[256] {};
    constexpr SpaceTable()
    {
        for (int c = 0x09; c <= 0x0D; ++c)
            space[c] = true;
        for (int c = 0x1C; c <= 0x20; ++c)
            space[c] = true;
    }
};
constexpr SpaceTable kSpaces;
inline bool asciiSpace(unsigned char c)
{
    return kSpaces.space[c];
}
} // namespace

std::size_t collapseWhitespaceInto(std::string_view s, char* out, bool* ascii)
{
    const bool plain = isAscii(s);
    if (ascii)
        *ascii = plain;
    if (plain) {
        std::size_t n = 0;
        std::size_t i = 0;
        const std::size_t len = s.size();
        while (i < len) {
            while (i < len && asciiSpace(static_cast<unsigned char>(s[i])))
                ++i;
            const std::size_t start = i;
            while (i < len && !asciiSpace(static_cast<unsigned char>(s[i])))
                ++i;
            if (i > start) {
                if (n)
                    out[n++] = ' ';
                std::memcpy(out + n, s.data() + start, i - start);
                n += i - start;
            }
        }
        return n;
    }
    std::size_t n = 0;
    bool pendingSpace = false;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 1;
        bool space;
        if (c < 0x80)
            space = c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        else
            space = isSpace(decode(s, i, len));
        if (space) {
            pendingSpace = n > 0;
        } else {
            if (pendingSpace)
                out[n++] = ' ';
            pendingSpace = false;
            for (std::size_t k = 0; k < len; ++k)
                out[n++] = s[i + k];
        }
        i += len;
    }
    return n;
}

std::string collapseWhitespace(std::string_view s)
{
    std::string out(s.size(), '\0');
    out.resize(collapseWhitespaceInto(s, out.data()));
    return out;
}

bool isAsciiWordChar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::string asciiLower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + 32);
    }
    return out;
}

} // namespace stackdeck::grouping::text
