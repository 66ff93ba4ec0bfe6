#include "unicodetext.h"

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

std::size_t codePointCount(std::string_view s)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        decode(s, i, len);
        i += len;
        ++n;
    }
    return n;
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

std::string collapseWhitespace(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool pendingSpace = false;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        const char32_t c = decode(s, i, len);
        if (isSpace(c)) {
            pendingSpace = !out.empty();
        } else {
            if (pendingSpace)
                out += ' ';
            pendingSpace = false;
            out.append(s.substr(i, len));
        }
        i += len;
    }
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
