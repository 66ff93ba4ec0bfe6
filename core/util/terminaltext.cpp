#include "terminaltext.h"

#include <QChar>

namespace stackdeck {

namespace {

template <typename F> void forEachCodePoint(QStringView text, F f)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode())) {
            f(QChar::surrogateToUcs4(c, text[i + 1].unicode()), text.sliced(i, 2));
            ++i;
        } else {
            f(char32_t {c}, text.sliced(i, 1));
        }
    }
}

} // namespace

bool isControlCharacter(char32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return true;
    if (QChar::isSurrogate(c))
        return true; // a lone half: no character at all
    switch (QChar::category(c)) {
    case QChar::Other_Format:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

bool containsControlCharacters(QStringView text)
{
    bool found = false;
    forEachCodePoint(text, [&](char32_t c, QStringView) { found = found || isControlCharacter(c); });
    return found;
}

QString escapeControlCharacters(QStringView text, KeepLineBreaks keep)
{
    QString out;
    out.reserve(text.size());
    forEachCodePoint(text, [&](char32_t c, QStringView original) {
        if (!isControlCharacter(c) || (keep == KeepLineBreaks::Yes && (c == U'\n' || c == U'\t'))) {
            out += original;
            return;
        }
        switch (c) {
        case U'\n':
            out += QLatin1String("\\n");
            return;
        case U'\r':
            out += QLatin1String("\\r");
            return;
        case U'\t':
            out += QLatin1String("\\t");
            return;
        default:
            break;
        }
        if (c < 0x100)
            out += QStringLiteral("\\x%1").arg(static_cast<uint>(c), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0'));
    });
    return out;
}

namespace {

// One code point at `i` (advanced past it); U+FFFD for a byte that starts no valid sequence.
char32_t nextUtf8(std::string_view s, std::size_t& i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    char32_t c = 0;
    char32_t min = 0;
    if ((b0 & 0xe0) == 0xc0) {
        extra = 1;
        c = b0 & 0x1f;
        min = 0x80;
    } else if ((b0 & 0xf0) == 0xe0) {
        extra = 2;
        c = b0 & 0x0f;
        min = 0x800;
    } else if ((b0 & 0xf8) == 0xf0) {
        extra = 3;
        c = b0 & 0x07;
        min = 0x10000;
    } else {
        ++i;
        return 0xfffd;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) {
        ++i;
        return 0xfffd;
    }
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xc0) != 0x80) {
            ++i;
            return 0xfffd;
        }
        c = (c << 6) | (b & 0x3f);
    }
    if (c < min || c > 0x10ffff || QChar::isSurrogate(c)) {
        ++i;
        return 0xfffd;
    }
    i += static_cast<std::size_t>(extra) + 1;
    return c;
}

void appendUtf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

void appendJsonEscape(std::string& out, char32_t unit)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += kHex[(unit >> shift) & 0xf];
}

} // namespace

std::string escapeJsonForTerminal(std::string_view json)
{
    std::string out;
    out.reserve(json.size());
    std::size_t i = 0;
    while (i < json.size()) {
        const char32_t c = nextUtf8(json, i);
        const bool jsonWhiteSpace = c == U'\n' || c == U'\t' || c == U'\r';
        if (jsonWhiteSpace || !isControlCharacter(c)) {
            appendUtf8(out, c);
        } else if (c < 0x10000) {
            appendJsonEscape(out, c);
        } else {
            appendJsonEscape(out, QChar::highSurrogate(c));
            appendJsonEscape(out, QChar::lowSurrogate(c));
        }
    }
    return out;
}

} // namespace stackdeck
