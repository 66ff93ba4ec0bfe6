#pragma once

namespace stackdeck {

// The value of one hexadecimal digit, either case, or -1 for any other byte.
// For percent-escapes, chunk sizes and "\uXXXX" escapes alike.
constexpr int hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace stackdeck
