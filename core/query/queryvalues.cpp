#include "queryvalues.h"

#include <cctype>
#include <limits>

namespace stackdeck::query {

namespace {

constexpr Micros kSecond = 1'000'000;
constexpr Micros kDay = 86'400 * kSecond;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::optional<std::int64_t> digitsValue(std::string_view text, std::int64_t max)
{
    if (text.empty() || text.size() > 12)
        return std::nullopt;
    std::int64_t v = 0;
    for (char c : text) {
        if (!isDigit(c))
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v > max)
        return std::nullopt;
    return v;
}

std::optional<Micros> unitLength(char unit)
{
    switch (unit) {
    case 's':
        return kSecond;
    case 'm':
        return 60 * kSecond;
    case 'h':
        return 3600 * kSecond;
    case 'd':
        return kDay;
    case 'w':
        return 7 * kDay;
    default:
        return std::nullopt;
    }
}

// How long the instant an ISO text spells lasts: a day, a minute, a second or a microsecond.
Micros isoPrecision(std::string_view text)
{
    if (text.size() == 10)
        return kDay;
    std::size_t p = 11, colons = 0;
    while (p < text.size() && (isDigit(text[p]) || text[p] == ':')) {
        colons += text[p] == ':';
        ++p;
    }
    if (p < text.size() && (text[p] == '.' || text[p] == ','))
        return 1;
    return colons >= 2 ? kSecond : 60 * kSecond;
}

TimeRange applyComparison(Micros start, Micros end, Comparison comparison)
{
    switch (comparison) {
    case Comparison::None:
    case Comparison::Equal:
        return {start, end};
    case Comparison::Greater:
        return {end, std::nullopt};
    case Comparison::GreaterEqual:
        return {start, std::nullopt};
    case Comparison::Less:
        return {std::nullopt, start};
    case Comparison::LessEqual:
        return {std::nullopt, end};
    }
    return {start, end};
}

} // namespace

std::optional<TimeRange> parseTimeValue(std::string_view text, Comparison comparison, Micros now)
{
    if (text.size() >= 10 && isDigit(text[0]) && text[4] == '-') {
        const auto start = parseIsoTimestamp(text);
        if (!start)
            return std::nullopt;
        return applyComparison(*start, *start + isoPrecision(text), comparison);
    }
    char sign = '-';
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        sign = text[0];
        text.remove_prefix(1);
    }
    if (text.size() < 2)
        return std::nullopt;
    const auto unit = unitLength(static_cast<char>(std::tolower(static_cast<unsigned char>(text.back()))));
    const auto amount = digitsValue(text.substr(0, text.size() - 1), 100'000'000);
    if (!unit || !amount || *amount > std::numeric_limits<Micros>::max() / 2 / *unit)
        return std::nullopt;
    const Micros instant = now - *amount * *unit;
    if (comparison == Comparison::None || comparison == Comparison::Equal) {
        if (sign == '+')
            return TimeRange {std::nullopt, instant};
        return TimeRange {instant, std::nullopt};
    }
    return applyComparison(instant, instant + 1, comparison);
}

std::optional<std::int64_t> parseCount(std::string_view text)
{
    std::int64_t scale = 1;
    if (!text.empty()) {
        const char last = static_cast<char>(std::tolower(static_cast<unsigned char>(text.back())));
        if (last == 'k' || last == 'm') {
            scale = last == 'k' ? 1'000 : 1'000'000;
            text.remove_suffix(1);
        }
    }
    const auto v = digitsValue(text, 1'000'000'000'000LL);
    if (!v)
        return std::nullopt;
    return *v * scale;
}

bool hasWildcard(std::string_view value)
{
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '*')
            ++i;
        else if (value[i] == '*')
            return true;
    }
    return false;
}

std::string literalValue(std::string_view value)
{
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '*')
            ++i;
        out += value[i];
    }
    return out;
}

std::string globPattern(std::string_view value)
{
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\\' && i + 1 < value.size() && value[i + 1] == '*') {
            out += "[*]";
            ++i;
        } else if (c == '*') {
            out += '*';
        } else if (c == '?' || c == '[') {
            out += '[';
            out += c;
            out += ']';
        } else {
            out += c;
        }
    }
    return out;
}

std::string likeContainsPattern(std::string_view value)
{
    std::string out = "%";
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\\' && i + 1 < value.size() && value[i + 1] == '*') {
            out += '*';
            ++i;
        } else if (c == '*') {
            out += '%';
        } else {
            if (c == '%' || c == '_' || c == '\\')
                out += '\\';
            out += c;
        }
    }
    out += '%';
    return out;
}

bool hasSearchableText(std::string_view text)
{
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u))
            return true;
    }
    return false;
}

std::string ftsString(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += "\"\"";
        else if (c == '\0')
            out += ' '; // FTS5 stops reading a string at NUL: it would never see the closing quote
        else
            out += c;
    }
    out += '"';
    return out;
}

} // namespace stackdeck::query
