#include "queryquote.h"

#include "querychars.h"
#include "querykeys.h"

namespace stackdeck::query {

namespace {

bool isPlainKey(std::string_view key)
{
    if (key.empty() || !isKeyStart(key.front()))
        return false;
    for (const char c : key) {
        if (!isKeyChar(c))
            return false;
    }
    return true;
}

// Bare only when nothing in it means anything to the lexer: no list, no
// comparison, no quote, no group, no escape, no wildcard, no control byte.
bool canStayBare(std::string_view value)
{
    if (value.empty())
        return false;
    switch (value.front()) {
    case '[':
    case '>':
    case '<':
    case '=':
    case '!':
    case '-':
        return false;
    default:
        break;
    }
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (isQuerySpace(c) || u < 0x20 || u == 0x7f || c == ',' || c == '"' || c == '\\' || c == '*' || c == '('
            || c == ')' || c == ']')
            return false;
    }
    return true;
}

// Built-ins a tag of the same name means the same thing as: `level:error`
// reads better than `tags[level]:error`.
bool builtinMatchesTag(BuiltinKey key)
{
    return key == BuiltinKey::Level || key == BuiltinKey::Release || key == BuiltinKey::Environment;
}

} // namespace

std::string quoteSearchValue(std::string_view value)
{
    if (canStayBare(value))
        return std::string(value);
    std::string out = "\"";
    out.reserve(value.size() + 8);
    for (const char c : value) {
        if (c == '*')
            out += "\\\\*"; // decoded `\*`: a literal asterisk
        else if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else
            out += c;
    }
    out += '"';
    return out;
}

std::optional<std::string> tagSearchTerm(std::string_view key, std::string_view value)
{
    std::string term;
    const auto builtin = builtinKey(key);
    if (isPlainKey(key) && (!builtin || builtinMatchesTag(*builtin))) {
        term = std::string(key);
    } else {
        if (key.empty())
            return std::nullopt;
        for (const char c : key) {
            if (c == ']' || isQuerySpace(c))
                return std::nullopt;
        }
        term = "tags[" + std::string(key) + "]";
    }
    term += ':';
    term += quoteSearchValue(value);
    return term;
}

} // namespace stackdeck::query
