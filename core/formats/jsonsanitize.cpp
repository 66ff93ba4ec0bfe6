#include "jsonsanitize.h"

#include "util/hexdigit.h"

#include <cmath>
#include <cstdlib>

namespace stackdeck {
namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// The code unit of "\uXXXX" at in[i] (i at the backslash), or -1.
int escapedUnit(std::string_view in, std::size_t i)
{
    if (i + 6 > in.size() || in[i] != '\\' || in[i + 1] != 'u')
        return -1;
    int v = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
        const int h = hexDigitValue(in[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

bool integerOutOfRange(std::string_view digits, bool negative)
{
    while (digits.size() > 1 && digits.front() == '0')
        digits.remove_prefix(1);
    const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
    if (digits.size() != limit.size())
        return digits.size() > limit.size();
    return digits > limit;
}

} // namespace

bool replaceNonFiniteNumbers(std::string_view in, std::string& out)
{
    std::string tmp;
    const SanitizeReport report = sanitizeJsonTokens(in, tmp);
    if (report.nonFinite == 0)
        return false;
    out = std::move(tmp);
    return true;
}

std::string SanitizeReport::describe() const
{
    std::string out;
    auto add = [&](std::size_t n, const char* what) {
        if (n == 0)
            return;
        if (!out.empty())
            out += ", ";
        out += std::to_string(n) + " " + what;
    };
    add(nonFinite, "NaN/Infinity replaced by null");
    add(bigIntegers, "integers beyond 64 bits read as floats");
    add(overflowFloats, "out-of-range floats replaced by null");
    add(loneSurrogates, "lone surrogate escapes replaced by U+FFFD");
    return out;
}

namespace {

// An escape sequence inside a string at `i`: copied, or a lone surrogate
// replaced by U+FFFD. Returns the position after it.
std::size_t copyEscape(std::string_view in, std::size_t i, std::string& out, SanitizeReport& report)
{
    const int unit = escapedUnit(in, i);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        const int next = escapedUnit(in, i + 6);
        if (next >= 0xDC00 && next <= 0xDFFF) {
            out.append(in.substr(i, 12));
            return i + 12;
        }
        out += "\\ufffd";
        ++report.loneSurrogates;
        return i + 6;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
        out += "\\ufffd";
        ++report.loneSurrogates;
        return i + 6;
    }
    out.append(in.substr(i, 2));
    return i + 2;
}

// A number at `i`: copied, an integer beyond 64 bits as a float, a float
// beyond double's range as null. Returns the position after it.
std::size_t copyNumber(std::string_view in, std::size_t i, std::string& out, SanitizeReport& report)
{
    const std::size_t start = i;
    const bool negative = in[i] == '-';
    if (negative)
        ++i;
    const std::size_t digitsStart = i;
    while (i < in.size() && isDigit(in[i]))
        ++i;
    const std::size_t digitsEnd = i;
    bool isFloat = false;
    if (i < in.size() && in[i] == '.') {
        isFloat = true;
        ++i;
        while (i < in.size() && isDigit(in[i]))
            ++i;
    }
    if (i < in.size() && (in[i] == 'e' || in[i] == 'E')) {
        isFloat = true;
        ++i;
        if (i < in.size() && (in[i] == '+' || in[i] == '-'))
            ++i;
        while (i < in.size() && isDigit(in[i]))
            ++i;
    }
    const std::string_view number = in.substr(start, i - start);
    if (!isFloat && digitsEnd > digitsStart
        && integerOutOfRange(in.substr(digitsStart, digitsEnd - digitsStart), negative)) {
        out.append(number);
        out += ".0";
        ++report.bigIntegers;
    } else if (isFloat) {
        const std::string text(number);
        const double d = std::strtod(text.c_str(), nullptr);
        if (d == HUGE_VAL || d == -HUGE_VAL) {
            out += "null";
            ++report.overflowFloats;
        } else {
            out.append(number);
        }
    } else {
        out.append(number);
    }
    return i;
}

} // namespace

SanitizeReport sanitizeJsonTokens(std::string_view in, std::string& out)
{
    SanitizeReport report;
    out.clear();
    out.reserve(in.size() + 16);
    bool inString = false;
    std::size_t i = 0;
    while (i < in.size()) {
        const char c = in[i];
        if (inString) {
            if (c == '"') {
                inString = false;
                out += c;
                ++i;
            } else if (c == '\\' && i + 1 < in.size()) {
                i = copyEscape(in, i, out, report);
            } else {
                out += c;
                ++i;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            ++i;
            continue;
        }
        auto token = [&](std::string_view word) { return in.substr(i, word.size()) == word; };
        if (token("-Infinity") || token("Infinity") || token("NaN")) {
            out += "null";
            i += token("NaN") ? 3 : (in[i] == '-' ? 9 : 8);
            ++report.nonFinite;
            continue;
        }
        if (c == '-' || isDigit(c)) {
            i = copyNumber(in, i, out, report);
            continue;
        }
        out += c;
        ++i;
    }
    return report;
}

std::size_t repairUtf8(std::string_view in, std::string& out, std::size_t* replaced)
{
    std::size_t first = std::string_view::npos;
    std::size_t count = 0;
    std::size_t i = 0;
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(in[k]); };
    auto cont = [&](std::size_t k) { return k < in.size() && (byte(k) & 0xC0) == 0x80; };
    std::size_t copiedUpTo = 0;
    while (i < in.size()) {
        const unsigned char b = byte(i);
        std::size_t len = 0;
        if (b < 0x80) {
            ++i;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF && cont(i + 1))
            len = 2;
        else if (b >= 0xE0 && b <= 0xEF && cont(i + 1) && cont(i + 2)) {
            const unsigned char b1 = byte(i + 1);
            if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F))
                len = 0; // overlong, or a UTF-16 surrogate
            else
                len = 3;
        } else if (b >= 0xF0 && b <= 0xF4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
            const unsigned char b1 = byte(i + 1);
            if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F))
                len = 0; // overlong, or above U+10FFFF
            else
                len = 4;
        }
        if (len > 0) {
            i += len;
            continue;
        }
        if (first == std::string_view::npos) {
            first = i;
            out.clear();
            out.reserve(in.size() + 16);
        }
        out.append(in.substr(copiedUpTo, i - copiedUpTo));
        out += "\xEF\xBF\xBD";
        ++count;
        ++i;
        copiedUpTo = i;
    }
    if (first != std::string_view::npos)
        out.append(in.substr(copiedUpTo));
    if (replaced)
        *replaced = count;
    return first;
}

} // namespace stackdeck
