#include "textescape.h"

#include <algorithm>

namespace stackdeck::report {

std::string htmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
                break;
            if (c == 0x7f)
                break;
            out.push_back(c);
        }
    }
    return out;
}

std::string markdownEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n' || c == '\r' || c == '\t') {
            out.push_back(' ');
        } else if (u < 0x20 || u == 0x7f) {
            continue;
        } else if ((u >= 0x21 && u <= 0x2f) || (u >= 0x3a && u <= 0x40) || (u >= 0x5b && u <= 0x60)
            || (u >= 0x7b && u <= 0x7e)) {
            out.push_back('\\');
            out.push_back(c);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string markdownCodeBlock(std::string_view text, std::string_view info)
{
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    std::string out = fence + std::string(info) + '\n';
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f)
            continue;
        out.push_back(c);
    }
    if (!text.empty() && text.back() != '\n')
        out.push_back('\n');
    return out + fence + '\n';
}

std::string formulaSafe(std::string_view text)
{
    if (!text.empty()
        && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
        return '\'' + std::string(text);
    return std::string(text);
}

std::string csvField(std::string_view text)
{
    std::string safe = formulaSafe(text);
    if (safe.find_first_of(",\"\r\n") == std::string::npos)
        return safe;
    std::string out = "\"";
    for (char c : safe) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    return out + '"';
}

} // namespace stackdeck::report
