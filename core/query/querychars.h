#pragma once

namespace stackdeck::query {

// The character classes of the search language: what the lexer reads as white
// space and as key characters, and what the quoting of a tag term must match.
inline bool isQuerySpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline bool isKeyStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
inline bool isKeyChar(char c)
{
    return isKeyStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

} // namespace stackdeck::query
