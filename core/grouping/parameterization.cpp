#include "parameterization.h"

#include "unicodetext.h"

#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

namespace stackdeck::grouping {

namespace {

// The upstream patterns are Python verbose-mode regexes; here they are
// written out without the layout whitespace. Python's `\s` also covers
// U+001C..U+001F, which PCRE's Unicode `\s` does not, hence `[\s\x1c-\x1f]`.
// `.` is spelled `[^\n]` because only '\n' ends a Python `.`.
constexpr std::string_view kWeekday = "(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)";
constexpr std::string_view kMonth = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
constexpr std::string_view kZone = "(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])";
constexpr std::string_view kOctet = "(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])";
constexpr std::string_view kTlds
    = "(COM|NET|ORG|JP|DE|UK|FR|BR|IT|RU|ES|ME|GOV|PL|CA|AU|CN|CO|IN|NL|EDU|INFO|EU|CH|ID|AT|KR|CZ|MX|BE|TV|SE|"
      "TR|TW|AL|UA|IR|VN|CL|SK|LY|CC|TO|NO|FI|US|PT|DK|AR|HU|TK|GR|IL|NEWS|RO|MY|BIZ|IE|ZA|NZ|SG|EE|TH|IO|XYZ|PE|"
      "BG|HK|RS|LT|LINK|PH|CLUB|SI|SITE|MOBI|BY|CAT|WIKI|LA|GA|XXX|CF|HR|NG|JOBS|ONLINE|KZ|UG|GQ|AE|IS|LV|PRO|FM|"
      "TIPS|MS|SA|APP)|(com|net|org|jp|de|uk|fr|br|it|ru|es|me|gov|pl|ca|au|cn|co|in|nl|edu|info|eu|ch|id|at|kr|"
      "cz|mx|be|tv|se|tr|tw|al|ua|ir|vn|cl|sk|ly|cc|to|no|fi|us|pt|dk|ar|hu|tk|gr|il|news|ro|my|biz|ie|za|nz|sg|"
      "ee|th|io|xyz|pe|bg|hk|rs|lt|link|ph|club|si|site|mobi|by|cat|wiki|la|ga|xxx|cf|hr|ng|jobs|online|kz|ug|gq|"
      "ae|is|lv|pro|fm|tips|ms|sa|app)";

constexpr std::array<std::string_view, 14> kNames = {
    "email",
    "url",
    "hostname",
    "ip",
    "uuid",
    "sha1",
    "md5",
    "date",
    "duration",
    "hex",
    "float",
    "int",
    "quoted_str",
    "bool",
};

// The alternation of the patterns whose bit is set in `mask`, in upstream order.
std::string buildPattern(std::uint32_t mask)
{
    const std::string S = R"([\s\x1c-\x1f])";
    const std::string h4 = "[0-9a-fA-F]{1,4}";
    const std::string octet(kOctet);
    const std::string ipv4 = "(" + octet + R"(\.){3,3})" + octet;
    const std::string wd(kWeekday), mo(kMonth), zone(kZone);

    std::vector<std::string> parts;
    parts.emplace_back(R"([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)");
    parts.emplace_back(R"(\b(wss?|https?|ftp)://[^\s\x1c-\x1f/$.?#][^\n][^\s\x1c-\x1f]*)");
    parts.emplace_back(R"(\b([a-zA-Z0-9\-]{1,63}\.)+?()" + std::string(kTlds) + R"()\b)");
    parts.push_back("((" + h4 + ":){7,7}" + h4 + "|(" + h4 + ":){1,7}:|(" + h4 + ":){1,6}:" + h4 + "|(" + h4
        + ":){1,5}(:" + h4 + "){1,2}|(" + h4 + ":){1,4}(:" + h4 + "){1,3}|(" + h4 + ":){1,3}(:" + h4 + "){1,4}|(" + h4
        + ":){1,2}(:" + h4 + "){1,5}|" + h4 + ":((:" + h4 + "){1,6})|:((:" + h4
        + "){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}" + ipv4 + "|(" + h4
        + ":){1,4}:" + ipv4 + R"(\b)|(\b)" + ipv4 + R"(\b))");
    parts.emplace_back(R"(\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)");
    parts.emplace_back(R"(\b[0-9a-fA-F]{40}\b)");
    parts.emplace_back(R"(\b[0-9a-fA-F]{32}\b)");
    const std::string isoTail = R"(([+-][0-2]\d:[0-5]\d|Z))";
    parts.push_back( //
        "(" + wd + "," + S + R"(\d{1,2})" + S + mo + S + R"(\d{2,4})" + S + R"(\d{1,2}:\d{1,2}(:\d{1,2})?)" + S
        + R"(([-\+][\d]{2}[0-5][\d]|)" + zone + "))" //
        + "|((" + wd + S + ")?" + mo + S + R"([0-3]\d,)" + S + R"(\d{2,4}))" //
        + "|((?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)," + S + R"(\d{2}-)" + mo + R"(-\d{2})" + S
        + R"(\d{2}:\d{2}:\d{2})" + S + zone + ")" //
        + R"(|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?([+-]?\d{2}:\d{2})?))" //
        + R"(|(\d{4}-?[01]\d-?[0-3]\d)" + S + R"([0-2]\d:[0-5]\d:[0-5]\d)(\.\d+)?)" //
        + R"(|(\d{1,2}:\d{2}(:\d{2})?(?:[aApP][Mm])?))" //
        + R"(|(\d{4}-[01]\d-[0-3]\d))" //
        + R"(|([0-2]\d:[0-5]\d:[0-5]\d))" //
        + R"(|((\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d+)" + isoTail
        + R"()|(\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d)" + isoTail + R"()|(\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d)"
        + isoTail + "))" //
        + R"(|(\b(?:(Sun|Mon|Tue|Wed|Thu|Fri|Sat))" + S + "+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)" + S
        + R"(+([\d]{1,2}))" + S + R"(+([\d]{2}:[\d]{2}:[\d]{2}))" + S + R"(+[\d]{4}))" //
        + R"(|(\b(?:(Sun|Mon|Tue|Wed|Thu|Fri|Sat),)" + S + R"(+)?(0[1-9]|[1-2]?[\d]|3[01]))" + S
        + "+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)" + S + R"(+(19[\d]{2}|[2-9][\d]{3}))" + S
        + R"(+(2[0-3]|[0-1][\d]):([0-5][\d])(?::(60|[0-5][\d]))?)" + S + R"(+([-\+][\d]{2}[0-5][\d]|)" + zone + "))" //
        + R"(|(datetime[^\n]datetime\([^\n]*?\)))");
    parts.emplace_back(R"(\b(\d+ms)|(\d+(\.\d+)?s)\b)");
    parts.emplace_back(R"(\b0[xX][0-9a-fA-F]+\b)");
    parts.emplace_back(R"(-\d+\.\d+\b|\b\d+\.\d+\b)");
    parts.emplace_back(R"(-\d+\b|\b\d+\b)");
    parts.emplace_back(R"re('([^']+)'|"([^"]+)")re");
    parts.push_back("True|true|False|false");

    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!(mask & (1U << i)))
            continue;
        if (!out.empty())
            out += '|';
        const bool lookbehind = kNames[i] == "quoted_str" || kNames[i] == "bool";
        if (lookbehind)
            out += "(?<==)";
        out += "(?P<";
        out += kNames[i];
        out += '>';
        out += parts[i];
        out += ')';
    }
    return out;
}

struct CompiledParameterizer {
    QRegularExpression regex;
    std::array<int, kNames.size()> groups {};

    explicit CompiledParameterizer(std::uint32_t mask)
        : regex(QString::fromStdString(buildPattern(mask)), QRegularExpression::UseUnicodePropertiesOption)
    {
        if (!regex.isValid())
            qWarning("parameterization pattern does not compile: %s", qPrintable(regex.errorString()));
        regex.optimize();
        const QStringList names = regex.namedCaptureGroups();
        for (std::size_t k = 0; k < kNames.size(); ++k)
            groups[k]
                = static_cast<int>(names.indexOf(QString::fromLatin1(kNames[k].data(), qsizetype(kNames[k].size()))));
    }
};

enum PatternBit : std::uint32_t {
    kEmail = 1U << 0,
    kUrl = 1U << 1,
    kHostname = 1U << 2,
    kIp = 1U << 3,
    kUuid = 1U << 4,
    kSha1 = 1U << 5,
    kMd5 = 1U << 6,
    kDate = 1U << 7,
    kDuration = 1U << 8,
    kHex = 1U << 9,
    kFloat = 1U << 10,
    kInt = 1U << 11,
    kQuoted = 1U << 12,
    kBool = 1U << 13,
};

// The patterns that can match somewhere in `s`, judged by characters each
// one needs (an '@' for an email, a digit for a number, ...). Leaving out
// patterns that cannot match anywhere does not change the result of the
// left-to-right alternation, and makes the regex much cheaper to run.
std::uint32_t possiblePatterns(std::string_view s)
{
    bool at = false, colon = false, dot = false, dash = false, eq = false, digit = false, nonAscii = false;
    bool zeroX = false, scheme = false;
    int hexRun = 0, longestHex = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        at = at || c == '@';
        colon = colon || c == ':';
        dot = dot || c == '.';
        dash = dash || c == '-';
        eq = eq || c == '=';
        digit = digit || (c >= '0' && c <= '9');
        nonAscii = nonAscii || c >= 0x80;
        if (c == '0' && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X'))
            zeroX = true;
        if (c == ':' && s.substr(i, 3) == "://")
            scheme = true;
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        hexRun = hex ? hexRun + 1 : 0;
        longestHex = std::max(longestHex, hexRun);
    }
    digit = digit || nonAscii; // \d is Unicode
    std::uint32_t mask = 0;
    if (at)
        mask |= kEmail;
    if (scheme)
        mask |= kUrl;
    if (dot)
        mask |= kHostname;
    if (colon || dot)
        mask |= kIp;
    if (dash)
        mask |= kUuid;
    if (longestHex >= 40)
        mask |= kSha1;
    if (longestHex >= 32)
        mask |= kMd5;
    if (digit)
        mask |= kDate | kDuration | kInt;
    if (s.find("datetime") != std::string_view::npos)
        mask |= kDate; // `datetime.datetime(...)` needs no digit
    if (zeroX)
        mask |= kHex;
    if (digit && dot)
        mask |= kFloat;
    if (eq)
        mask |= kQuoted | kBool;
    return mask;
}

// Compiled per thread and per pattern subset: matching never contends on shared state.
const CompiledParameterizer& compiled(std::uint32_t mask)
{
    thread_local std::vector<std::pair<std::uint32_t, std::unique_ptr<CompiledParameterizer>>> cache;
    for (const auto& [m, p] : cache) {
        if (m == mask)
            return *p;
    }
    cache.emplace_back(mask, std::make_unique<CompiledParameterizer>(mask));
    return *cache.back().second;
}

// Python `str.splitlines()` boundaries; returns the length of the break at i (0 if none).
std::size_t lineBreakAt(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '\r':
        return (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    case '\n':
    case 0x0B:
    case 0x0C:
    case 0x1C:
    case 0x1D:
    case 0x1E:
        return 1;
    case 0xC2:
        return (i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) ? 2 : 0;
    case 0xE2:
        if (i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
            const auto c2 = static_cast<unsigned char>(s[i + 2]);
            return (c2 == 0xA8 || c2 == 0xA9) ? 3 : 0;
        }
        return 0;
    default:
        return 0;
    }
}

} // namespace

std::string trimMessageLines(std::string_view text)
{
    std::string out;
    int kept = 0;
    std::size_t lineStart = 0;
    auto takeLine = [&](std::string_view line) {
        if (kept >= 2 || text::strip(line).empty())
            return;
        if (kept)
            out += '\n';
        out.append(line);
        ++kept;
    };
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t len = lineBreakAt(text, i)) {
            takeLine(text.substr(lineStart, i - lineStart));
            i += len;
            lineStart = i;
        } else {
            ++i;
        }
    }
    if (lineStart < text.size())
        takeLine(text.substr(lineStart));
    if (out != text)
        out += "...";
    return out;
}

std::string parameterize(std::string_view input)
{
    const std::uint32_t mask = possiblePatterns(input);
    if (mask == 0)
        return std::string(input);
    const CompiledParameterizer& p = compiled(mask);
    const QString text = QString::fromUtf8(input.data(), qsizetype(input.size()));
    QString out;
    qsizetype last = 0;
    bool changed = false;
    auto it = p.regex.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        for (std::size_t k = 0; k < kNames.size(); ++k) {
            if (p.groups[k] < 0 || m.capturedStart(p.groups[k]) < 0)
                continue;
            out += QStringView(text).mid(last, m.capturedStart() - last);
            out += QLatin1Char('<');
            out += QLatin1String(kNames[k].data(), qsizetype(kNames[k].size()));
            out += QLatin1Char('>');
            last = m.capturedEnd();
            changed = true;
            break;
        }
    }
    if (!changed)
        return std::string(input);
    out += QStringView(text).mid(last);
    return out.toStdString();
}

std::string_view limitMessageChars(std::string_view text, std::string& storage)
{
    if (text.size() <= kMessageMaxChars)
        return text; // bytes >= characters
    // Characters are counted as UTF-8 lead bytes (the decoder repaired invalid UTF-8).
    auto isLead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
    std::size_t chars = 0;
    std::size_t cut = std::string_view::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!isLead(text[i]))
            continue;
        if (chars == kMessageMaxChars - 3)
            cut = i;
        if (++chars > kMessageMaxChars)
            break;
    }
    if (chars <= kMessageMaxChars)
        return text;
    storage.assign(text.substr(0, cut));
    storage += "...";
    return storage;
}

std::string normalizeMessageForGrouping(std::string_view text)
{
    std::string storage;
    return parameterize(trimMessageLines(limitMessageChars(text, storage)));
}

} // namespace stackdeck::grouping
