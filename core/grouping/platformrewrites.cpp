#include "platformrewrites.h"

#include <QString>

#include <functional>

namespace stackdeck::grouping {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// Python's Unicode \w, approximated: any non-ASCII byte counts as a word character.
bool isWord(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}
bool at(std::string_view s, std::size_t i, std::string_view lit)
{
    return s.substr(i, lit.size()) == lit;
}

// A matcher returns the end of a match starting at i and the length of the
// kept marker prefix, or 0 when nothing matches there.
struct Match {
    std::size_t end = 0;
    std::size_t keep = 0;
};
using Matcher = std::function<Match(std::string_view, std::size_t)>;

// Python re.sub(pattern, r"\1<auto>", s): every match, left to right.
std::string substitute(std::string_view s, const Matcher& match)
{
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        const Match m = match(s, i);
        if (m.end > i) {
            out.append(s.substr(i, m.keep));
            out += "<auto>";
            i = m.end;
        } else {
            out += s[i++];
        }
    }
    return out;
}

std::size_t digitsAt(std::string_view s, std::size_t i)
{
    std::size_t k = i;
    while (k < s.size() && isDigit(s[k]))
        ++k;
    return k - i;
}

// (sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+
Match reflectAccessor(std::string_view s, std::size_t i)
{
    constexpr std::string_view head = "sun.reflect.Generated";
    if (!at(s, i, head))
        return {};
    for (std::string_view tail : {"SerializationConstructorAccessor", "ConstructorAccessor"}) {
        const std::size_t markerEnd = i + head.size() + tail.size();
        if (at(s, i + head.size(), tail) && digitsAt(s, markerEnd) > 0)
            return {markerEnd + digitsAt(s, markerEnd), markerEnd - i};
    }
    return {};
}

// [a-fA-F0-9]+(_[0-9]+)? at j; returns the end or 0.
std::size_t hexAndSuffix(std::string_view s, std::size_t j)
{
    std::size_t k = j;
    while (k < s.size() && isHex(s[k]))
        ++k;
    if (k == j)
        return 0;
    if (k < s.size() && s[k] == '_' && digitsAt(s, k + 1) > 0)
        k += 1 + digitsAt(s, k + 1);
    return k;
}

// (\$\$[\w_]+?CGLIB\$\$)[a-fA-F0-9]+(_[0-9]+)?
Match cglib(std::string_view s, std::size_t i)
{
    if (!at(s, i, "$$"))
        return {};
    const std::size_t j = i + 2;
    for (std::size_t k = j + 1; k <= s.size() && isWord(s[k - 1]); ++k) {
        if (at(s, k, "CGLIB$$")) {
            if (const std::size_t end = hexAndSuffix(s, k + 7))
                return {end, k + 7 - i};
        }
    }
    return {};
}

// (\$fn__)\d+
Match clojure(std::string_view s, std::size_t i)
{
    if (!at(s, i, "$fn__") || digitsAt(s, i + 5) == 0)
        return {};
    return {i + 5 + digitsAt(s, i + 5), 5};
}

// (\$\$?NAME[\w_]+?\$?\$)[a-fA-F0-9]+(_[0-9]+)?  (EnhancerBy, FastClassBy)
Match byMarker(std::string_view s, std::size_t i, std::string_view name)
{
    if (s.substr(i, 1) != "$")
        return {};
    for (std::size_t dollars : {std::size_t(2), std::size_t(1)}) {
        if (dollars == 2 && !at(s, i, "$$"))
            continue;
        const std::size_t n = i + dollars;
        if (!at(s, n, name))
            continue;
        const std::size_t j = n + name.size();
        for (std::size_t k = j + 1; k <= s.size() && isWord(s[k - 1]); ++k) {
            for (std::size_t closing : {std::size_t(2), std::size_t(1)}) {
                if (closing == 2 && !at(s, k, "$$"))
                    continue;
                if (closing == 1 && !at(s, k, "$"))
                    continue;
                if (const std::size_t end = hexAndSuffix(s, k + closing))
                    return {end, k + closing - i};
            }
        }
    }
    return {};
}

// (\$\$?HibernateProxy\$?\$)\w+(_[0-9]+)?
Match hibernate(std::string_view s, std::size_t i)
{
    for (std::string_view open : {"$$HibernateProxy", "$HibernateProxy"}) {
        if (!at(s, i, open))
            continue;
        const std::size_t j = i + open.size();
        for (std::string_view close : {"$$", "$"}) {
            if (!at(s, j, close))
                continue;
            std::size_t k = j + close.size();
            const std::size_t start = k;
            while (k < s.size() && isWord(s[k]))
                ++k;
            if (k > start)
                return {k, start - i};
        }
    }
    return {};
}

Match javassist(std::string_view s, std::size_t i)
{
    constexpr std::string_view marker = "$$_javassist";
    if (!at(s, i, marker))
        return {};
    std::size_t k = i + marker.size();
    if (at(s, k, "_seam"))
        k += 5;
    if (k < s.size() && s[k] == '_' && digitsAt(s, k + 1) > 0)
        k += 1 + digitsAt(s, k + 1);
    return {k, marker.size()};
}

} // namespace

std::string cleanJavassist(std::string_view text)
{
    if (text.find("$$_javassist") == std::string_view::npos)
        return std::string(text);
    return substitute(text, javassist);
}

std::string cleanJavaModule(std::string_view module)
{
    if (module.find('$') == std::string_view::npos && module.find("sun.reflect.Generated") == std::string_view::npos)
        return std::string(module);
    std::string m = substitute(module, reflectAccessor);
    m = substitute(m, cglib);
    m = substitute(m, javassist);
    m = substitute(m, clojure);
    m = substitute(m, [](std::string_view s, std::size_t i) { return byMarker(s, i, "EnhancerBy"); });
    m = substitute(m, [](std::string_view s, std::size_t i) { return byMarker(s, i, "FastClassBy"); });
    m = substitute(m, hibernate);
    return m;
}

std::string stripRubyErbSuffix(std::string_view f)
{
    std::size_t end = f.size();
    std::size_t k = end;
    while (k > 0 && isDigit(f[k - 1]))
        --k;
    if (end - k < 4 || k == 0 || f[k - 1] != '_')
        return std::string(f);
    const std::size_t sep = k - 1;
    k = sep;
    while (k > 0 && isDigit(f[k - 1]))
        --k;
    if (sep - k < 4 || k < 2 || f.substr(k - 2, 2) != "__")
        return std::string(f);
    return std::string(f.substr(0, k - 2));
}

bool hasUrlOrigin(std::string_view path, bool allowFileOrigin)
{
    if (path.empty())
        return false;
    for (std::string_view p : {"http:", "https:", "applewebdata:", "blob:"}) {
        if (path.substr(0, p.size()) == p)
            return true;
    }
    if (path.substr(0, 5) == "file:")
        return !allowFileOrigin;
    return false;
}

bool isUrlPath(std::string_view path)
{
    if (path.empty())
        return false;
    for (std::string_view p : {"blob:", "file:", "http:", "https:", "applewebdata:"}) {
        if (path.substr(0, p.size()) == p)
            return true;
    }
    return false;
}

std::string lowerBasename(std::string_view filename)
{
    const auto cut = filename.find_last_of("/\\");
    const std::string_view base = cut == std::string_view::npos ? filename : filename.substr(cut + 1);
    bool ascii = true;
    for (char c : base)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (!ascii)
        return QString::fromUtf8(base.data(), qsizetype(base.size())).toLower().toStdString();
    std::string out(base);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + 32);
    }
    return out;
}

} // namespace stackdeck::grouping
