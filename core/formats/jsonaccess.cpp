#include "jsonaccess.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace stackdeck::json {
namespace {

// Python's repr(float): the shortest round-trip digits, positional when the
// decimal exponent is in [-4, 16), scientific otherwise, always with a '.0'
// or an exponent so it reads back as a float.
std::string pythonFloatRepr(double d)
{
    if (std::isnan(d))
        return "nan";
    if (std::isinf(d))
        return d < 0 ? "-inf" : "inf";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    // sci looks like "-1.2345e+17" or "5e-07"
    std::string sign;
    std::size_t i = 0;
    if (sci[0] == '-') {
        sign = "-";
        i = 1;
    }
    const auto epos = sci.find('e');
    std::string mantissa = sci.substr(i, epos - i);
    const int exponent = std::stoi(sci.substr(epos + 1));
    std::string digits;
    for (char c : mantissa) {
        if (c != '.')
            digits += c;
    }
    if (exponent >= -4 && exponent < 16) {
        std::string out;
        if (exponent < 0) {
            out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
        } else if (static_cast<int>(digits.size()) <= exponent + 1) {
            out = digits + std::string(static_cast<std::size_t>(exponent + 1 - static_cast<int>(digits.size())), '0')
                + ".0";
        } else {
            out = digits.substr(0, static_cast<std::size_t>(exponent) + 1) + "."
                + digits.substr(static_cast<std::size_t>(exponent) + 1);
        }
        return sign + out;
    }
    std::string out = digits.substr(0, 1);
    if (digits.size() > 1)
        out += "." + digits.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return sign + out + ebuf;
}

bool parseDecimal(std::string_view s, std::int64_t& out)
{
    if (s.empty())
        return false;
    auto res = std::from_chars(s.data(), s.data() + s.size(), out);
    return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

} // namespace

std::optional<element> member(object obj, std::string_view key)
{
    element el;
    if (obj.at_key(key).get(el) != simdjson::SUCCESS)
        return std::nullopt;
    return el;
}

std::optional<element> member(element el, std::string_view key)
{
    object obj;
    if (el.get_object().get(obj) != simdjson::SUCCESS)
        return std::nullopt;
    return member(obj, key);
}

std::string str(element el)
{
    std::string_view sv;
    if (el.get_string().get(sv) != simdjson::SUCCESS)
        return {};
    return std::string(sv);
}

std::string str(object obj, std::string_view key)
{
    if (auto el = member(obj, key))
        return str(*el);
    return {};
}

std::string lenient(element el)
{
    switch (el.type()) {
    case element_type::STRING:
        return str(el);
    case element_type::BOOL:
        return bool(el) ? "True" : "False";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        return pythonStr(el);
    default:
        return {};
    }
}

std::string pythonStr(element el)
{
    switch (el.type()) {
    case element_type::STRING:
        return str(el);
    case element_type::NULL_VALUE:
        return "None";
    case element_type::BOOL:
        return bool(el) ? "True" : "False";
    case element_type::INT64:
        return std::to_string(int64_t(el));
    case element_type::UINT64:
        return std::to_string(uint64_t(el));
    case element_type::DOUBLE:
        return pythonFloatRepr(double(el));
    default:
        return minified(el);
    }
}

std::optional<bool> boolean(element el)
{
    bool b = false;
    if (el.get_bool().get(b) == simdjson::SUCCESS)
        return b;
    return std::nullopt;
}

std::optional<std::int64_t> integer(element el)
{
    switch (el.type()) {
    case element_type::INT64:
        return int64_t(el);
    case element_type::UINT64: {
        const uint64_t u = el;
        if (u > static_cast<uint64_t>(INT64_MAX))
            return std::nullopt;
        return static_cast<std::int64_t>(u);
    }
    case element_type::DOUBLE: {
        const double d = el;
        if (!std::isfinite(d) || std::fabs(d) > 9.2e18)
            return std::nullopt;
        return static_cast<std::int64_t>(d);
    }
    case element_type::STRING: {
        std::int64_t v = 0;
        if (parseDecimal(std::string_view(el), v))
            return v;
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<std::uint64_t> unsignedInteger(element el)
{
    if (el.type() == element_type::UINT64)
        return uint64_t(el);
    if (auto v = integer(el); v && *v >= 0)
        return static_cast<std::uint64_t>(*v);
    return std::nullopt;
}

std::optional<double> number(element el)
{
    switch (el.type()) {
    case element_type::INT64:
        return static_cast<double>(int64_t(el));
    case element_type::UINT64:
        return static_cast<double>(uint64_t(el));
    case element_type::DOUBLE:
        return double(el);
    case element_type::STRING: {
        const std::string_view s(el);
        double d = 0;
        auto res = std::from_chars(s.data(), s.data() + s.size(), d);
        if (res.ec == std::errc() && res.ptr == s.data() + s.size())
            return d;
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<std::uint64_t> address(element el)
{
    if (el.type() == element_type::STRING) {
        std::string_view s(el);
        int base = 10;
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            s.remove_prefix(2);
            base = 16;
        }
        std::uint64_t v = 0;
        auto res = std::from_chars(s.data(), s.data() + s.size(), v, base);
        if (res.ec == std::errc() && res.ptr == s.data() + s.size() && !s.empty())
            return v;
        return std::nullopt;
    }
    return unsignedInteger(el);
}

std::optional<Micros> timestamp(element el)
{
    if (el.type() == element_type::STRING) {
        const std::string_view s(el);
        if (auto t = parseIsoTimestamp(s))
            return t;
        // Numeric seconds sent as a string.
        double d = 0;
        auto res = std::from_chars(s.data(), s.data() + s.size(), d);
        if (res.ec == std::errc() && res.ptr == s.data() + s.size())
            return timestampFromSeconds(d);
        return std::nullopt;
    }
    if (auto d = number(el))
        return timestampFromSeconds(*d);
    return std::nullopt;
}

RawJson raw(element el)
{
    return RawJson {minified(el)};
}

RawJson raw(object obj)
{
    std::string out;
    appendMinified(out, obj);
    return RawJson {std::move(out)};
}

namespace {

// Whether any of 8 bytes is below 0x20, '"' or '\\' (bit tricks from "Bit Twiddling Hacks").
inline bool anyNeedsEscape(std::uint64_t v)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const auto hasZero = [](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
    const bool below = ((v - ones * 0x20) & ~v & highs) != 0;
    return below || hasZero(v ^ (ones * '"')) || hasZero(v ^ (ones * '\\'));
}

} // namespace

void appendJsonString(std::string& out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t run = 0; // start of the pending run of bytes that need no escaping
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Strings are mostly plain text: skip 8 bytes at a time while nothing needs escaping.
        while (i + 8 <= text.size()) {
            std::uint64_t v;
            std::memcpy(&v, text.data() + i, 8);
            if (anyNeedsEscape(v))
                break;
            i += 8;
        }
        if (i >= text.size())
            break;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    out.append(text.data() + run, text.size() - run);
    out += '"';
}

void appendMinified(std::string& out, object obj)
{
    out += '{';
    bool first = true;
    for (auto [key, value] : obj) {
        if (!first)
            out += ',';
        first = false;
        appendJsonString(out, key);
        out += ':';
        appendMinified(out, value);
    }
    out += '}';
}

void appendMinified(std::string& out, element el)
{
    char buf[40];
    switch (el.type()) {
    case element_type::OBJECT:
        appendMinified(out, object(el));
        return;
    case element_type::ARRAY: {
        out += '[';
        bool first = true;
        for (element value : array(el)) {
            if (!first)
                out += ',';
            first = false;
            appendMinified(out, value);
        }
        out += ']';
        return;
    }
    case element_type::STRING:
        appendJsonString(out, std::string_view(el));
        return;
    case element_type::INT64: {
        auto res = std::to_chars(buf, buf + sizeof buf, int64_t(el));
        out.append(buf, res.ptr);
        return;
    }
    case element_type::UINT64: {
        auto res = std::to_chars(buf, buf + sizeof buf, uint64_t(el));
        out.append(buf, res.ptr);
        return;
    }
    case element_type::DOUBLE: {
        auto res = std::to_chars(buf, buf + sizeof buf, double(el));
        const std::string_view digits(buf, static_cast<std::size_t>(res.ptr - buf));
        out.append(digits);
        // Keep a float a float: "2" would read back as an integer.
        if (digits.find_first_of(".eE") == std::string_view::npos)
            out += ".0";
        return;
    }
    case element_type::BOOL:
        out += bool(el) ? "true" : "false";
        return;
    case element_type::NULL_VALUE:
        out += "null";
        return;
    }
}

std::string minified(element el)
{
    std::string out;
    appendMinified(out, el);
    return out;
}

std::string normalizeUuid(std::string_view text)
{
    std::string out;
    out.reserve(32);
    for (char c : text) {
        if (c == '-')
            continue;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
            out += c;
        else if (c >= 'A' && c <= 'F')
            out += static_cast<char>(c - 'A' + 'a');
        else
            return {};
    }
    if (out.size() != 32)
        return {};
    if (text.size() == 36 && (text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-'))
        return {};
    if (text.size() != 32 && text.size() != 36)
        return {};
    return out;
}

} // namespace stackdeck::json
