// Port of the semantics of Sentry's `trim_function_name` and helpers
// (getsentry/sentry src/sentry/stacktraces/functions.py); see §8 of
// docs/grouping-algorithm.md. Brackets are ASCII, so the scans work on UTF-8
// bytes; only whitespace tests decode code points.

#include "functiontrim.h"

#include "unicodetext.h"

#include <functional>
#include <optional>
#include <vector>

namespace stackdeck::grouping {

namespace {

// Stand-ins that survive the bracket logic (upstream uses the same code points).
constexpr std::string_view kLtProtect = "\u27e8"; // ⟨
constexpr std::string_view kCallProtect = "\u25ef"; // ◯
constexpr std::string_view kArrowProtect = "\u27ff"; // ⟿
constexpr std::string_view kAnonProtect = "\u3014anonymousnamespace\u3015"; // 〔anonymousnamespace〕

void replaceAll(std::string& s, std::string_view from, std::string_view to)
{
    if (from.empty())
        return;
    std::size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
}

bool contains(std::string_view s, std::string_view needle)
{
    return s.find(needle) != std::string_view::npos;
}
bool startsWith(std::string_view s, std::string_view p)
{
    return s.substr(0, p.size()) == p;
}

bool isWord(const std::string& s, std::size_t i)
{
    return i < s.size()
        && (text::isAsciiWordChar(static_cast<unsigned char>(s[i])) || static_cast<unsigned char>(s[i]) >= 0x80);
}

using Replacer = std::function<std::string(std::string_view inner, std::size_t start)>;

// Python `replace_enclosed_string`: balanced runs of start..end are replaced;
// an unbalanced closer drops everything after it, as upstream does.
std::string replaceEnclosed(const std::string& s, char open, char close, const Replacer& replacement)
{
    if (s.find(open) == std::string::npos)
        return s;
    int depth = 0;
    std::string out;
    out.reserve(s.size());
    std::size_t pairStart = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == open) {
            if (depth == 0)
                pairStart = i;
            ++depth;
        } else if (c == close) {
            --depth;
            if (depth == 0)
                out += replacement(std::string_view(s).substr(pairStart + 1, i - pairStart - 1), pairStart);
        } else if (depth == 0) {
            out += c;
        }
    }
    return out;
}

// The lambda forms of `_lambda_re`, tried at one position.
std::size_t lambdaMatchAt(const std::string& s, std::size_t i)
{
    if (s.compare(i, 8, "{lambda(") == 0) {
        // \{lambda\(.*?\)\#\d+\}  (`.` does not cross a newline)
        for (std::size_t j = i + 8; j < s.size() && s[j] != '\n'; ++j) {
            if (s[j] != ')' || j + 1 >= s.size() || s[j + 1] != '#')
                continue;
            std::size_t k = j + 2;
            while (k < s.size() && s[k] >= '0' && s[k] <= '9')
                ++k;
            if (k > j + 2 && k < s.size() && s[k] == '}')
                return k + 1 - i;
        }
        return 0;
    }
    if (s.compare(i, 7, "lambda_") == 0 && !(i > 0 && isWord(s, i - 1))) {
        std::size_t k = i + 7;
        while (k < s.size() && k < i + 7 + 32 && ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
            ++k;
        if (k == i + 7 + 32 && !isWord(s, k))
            return k - i;
        return 0;
    }
    if (s.compare(i, 2, "$_") == 0) {
        std::size_t k = i + 2;
        while (k < s.size() && s[k] >= '0' && s[k] <= '9')
            ++k;
        if (k > i + 2 && !isWord(s, k))
            return k - i;
    }
    return 0;
}

std::string normalizeLambdas(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t len = lambdaMatchAt(s, i)) {
            out += "lambda";
            i += len;
        } else {
            out += s[i++];
        }
    }
    return out;
}

// \?A0x[a-f0-9]{8}::
std::string normalizeMsvcAnonNamespaces(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 4, "?A0x") == 0 && i + 14 <= s.size() && s.compare(i + 12, 2, "::") == 0) {
            bool hex = true;
            for (std::size_t k = i + 4; k < i + 12; ++k)
                hex = hex && ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f'));
            if (hex) {
                out += kAnonProtect;
                out += "::";
                i += 14;
                continue;
            }
        }
        out += s[i++];
    }
    return out;
}

// (\bconst\b|&)$
std::optional<std::size_t> cppTrailer(const std::string& s)
{
    if (!s.empty() && s.back() == '&')
        return s.size() - 1;
    if (s.size() >= 5 && s.compare(s.size() - 5, 5, "const") == 0 && !(s.size() > 5 && isWord(s, s.size() - 6)))
        return s.size() - 5;
    return std::nullopt;
}

std::string processGenerics(std::string_view value, std::size_t start)
{
    const std::string v(value);
    if (v == "lambda" || lambdaMatchAt(v, 0) > 0)
        return "<" + v + ">";
    if (start > 0)
        return "<T>";
    std::string inner = v;
    // ^([A-Z] as ): prefer the trait for blanket impls
    if (inner.size() >= 5 && inner[0] >= 'A' && inner[0] <= 'Z' && inner.compare(1, 4, " as ") == 0)
        inner.erase(0, 5);
    inner = replaceEnclosed(inner, '<', '>', processGenerics);
    const auto as = inner.find(" as ");
    return as == std::string::npos ? inner : inner.substr(0, as);
}

bool hasTokenBreak(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        const char32_t c = text::decode(s, i, len);
        if (text::isSpace(c) || c == '(' || c == '{' || c == '<' || c == '[')
            return true;
        i += len;
    }
    return false;
}

char closerFor(char c)
{
    switch (c) {
    case '(':
        return ')';
    case '{':
        return '}';
    case '[':
        return ']';
    case '<':
        return '>';
    default:
        return 0;
    }
}

// Python `split_func_tokens`: whitespace splits, never inside brackets.
std::vector<std::string> splitFuncTokens(const std::string& s)
{
    if (!s.empty() && !hasTokenBreak(s))
        return {s};
    std::vector<std::string> rv;
    std::string buf;
    bool haveBuf = false;
    std::vector<char> stack;
    std::size_t end = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        const char32_t c = text::decode(s, i, len);
        const char ch = s[i];
        if (len == 1 && closerFor(ch)) {
            stack.push_back(closerFor(ch));
        } else if (!stack.empty() && len == 1 && ch == stack.back()) {
            stack.pop_back();
            if (stack.empty()) {
                buf.append(s, end, i + 1 - end);
                haveBuf = true;
                end = i + 1;
            }
        } else if (stack.empty()) {
            if (text::isSpace(c)) {
                if (haveBuf)
                    rv.push_back(buf);
                buf.clear();
                haveBuf = false;
            } else {
                buf.append(s, end, i + len - end);
                haveBuf = true;
            }
            end = i + len;
        }
        i += len;
    }
    if (haveBuf)
        rv.push_back(buf);
    return rv;
}

// Python list indexing with negative indices; nullopt for IndexError.
std::optional<std::string> pyIndex(const std::vector<std::string>& v, long idx)
{
    const long n = static_cast<long>(v.size());
    if (idx < 0)
        idx += n;
    if (idx < 0 || idx >= n)
        return std::nullopt;
    return v[static_cast<std::size_t>(idx)];
}

long lastIndexOf(const std::vector<std::string>& v, std::string_view token)
{
    for (std::size_t i = v.size(); i-- > 0;) {
        if (v[i] == token)
            return static_cast<long>(i);
    }
    return -1;
}

std::optional<std::string> pickFunctionToken(const std::string& function, const std::vector<std::string>& tokens)
{
    if (contains(function, "initialization expression of")) {
        const long of = lastIndexOf(tokens, "of");
        if (of >= 0) {
            auto tok = pyIndex(tokens, of + 1);
            if (tok && *tok == "static")
                tok = pyIndex(tokens, of + 2);
            if (tok) {
                if (startsWith(*tok, ":"))
                    tok->erase(0, 1);
                return "initializer expression of " + *tok;
            }
        }
        // upstream raises here; the last token is the closest sane answer
    }
    if (tokens.empty())
        return std::nullopt;
    const long arrow = lastIndexOf(tokens, kArrowProtect);
    if (arrow >= 0) {
        auto tok = pyIndex(tokens, arrow - 1);
        if (tok && *tok == "throws")
            tok = pyIndex(tokens, arrow - 2);
        if (tok)
            return tok;
    }
    return tokens.back();
}

// ^@?(.*?)@[0-9]+$  ->  \1
std::string stripWindowsDecl(const std::string& f)
{
    const auto at = f.rfind('@');
    if (at == std::string::npos || at + 1 >= f.size())
        return f;
    for (std::size_t k = at + 1; k < f.size(); ++k) {
        if (f[k] < '0' || f[k] > '9')
            return f;
    }
    if (f.find('\n') != std::string::npos)
        return f;
    const std::size_t from = (!f.empty() && f[0] == '@' && at > 0) ? 1 : 0;
    return f.substr(from, at - from);
}

} // namespace

Family familyForPlatform(std::string_view platform)
{
    if (platform == "objc" || platform == "cocoa" || platform == "swift" || platform == "native" || platform == "c")
        return Family::Native;
    if (platform == "javascript" || platform == "node")
        return Family::JavaScript;
    return Family::Other;
}

std::string_view familyName(Family family)
{
    switch (family) {
    case Family::Native:
        return "native";
    case Family::JavaScript:
        return "javascript";
    case Family::Other:
        break;
    }
    return "other";
}

bool platformTrimsFunctions(std::string_view platform)
{
    return platform == "csharp" || familyForPlatform(platform) == Family::Native;
}

std::string trimCsharpFunctionName(std::string_view function)
{
    const auto cut = function.find(" (");
    return std::string(cut == std::string_view::npos ? function : function.substr(0, cut));
}

std::string trimFunctionName(std::string_view function, std::string_view platform)
{
    if (platform == "csharp")
        return trimCsharpFunctionName(function);
    if (familyForPlatform(platform) == Family::Native)
        return trimNativeFunctionName(function, platform);
    return std::string(function);
}

std::string trimNativeFunctionName(std::string_view input, std::string_view platform)
{
    if (input == "<redacted>" || input == "<unknown>")
        return std::string(input);
    const std::string original(input);
    std::string function(text::strip(input));
    if (startsWith(function, "[") || startsWith(function, "+[") || startsWith(function, "-["))
        return function;

    function = replaceEnclosed(function, '[', ']', [](std::string_view value, std::size_t) {
        return startsWith(value, "clone .") ? std::string() : "[" + std::string(value) + "]";
    });
    function = std::string(text::rstrip(function));

    while (auto trailer = cppTrailer(function))
        function = std::string(text::rstrip(std::string_view(function).substr(0, *trailer)));

    replaceAll(function, "operator<<", "operator" + std::string(kLtProtect) + std::string(kLtProtect));
    replaceAll(function, "operator<", "operator" + std::string(kLtProtect));
    replaceAll(function, "operator()", "operator" + std::string(kCallProtect));
    replaceAll(function, "operator->", "operator" + std::string(kArrowProtect));
    replaceAll(function, " -> ", " " + std::string(kArrowProtect) + " ");
    replaceAll(function, "`anonymous namespace'", kAnonProtect);

    if (contains(function, "lambda") || contains(function, "$_"))
        function = normalizeLambdas(function);
    if (contains(function, "?A0x"))
        function = normalizeMsvcAnonNamespaces(function);

    function = replaceEnclosed(function, '(', ')', [](std::string_view value, std::size_t) {
        const std::string_view v = text::strip(value);
        if (v == "anonymous namespace" || v == "operator")
            return "(" + std::string(v) + ")";
        return std::string();
    });
    function = replaceEnclosed(function, '<', '>', processGenerics);

    const bool isThunk = contains(function, "thunk for ");
    std::vector<std::string> tokens = splitFuncTokens(function);
    if (tokens.size() > 1 && tokens.back() == "<T>") {
        tokens.pop_back();
        tokens.back() += " <T>";
    }

    std::optional<std::string> token = pickFunctionToken(function, tokens);
    if (token && !token->empty()) {
        if (startsWith(*token, "@") && (platform == "cocoa" || platform == "swift")) {
            token = std::string(isThunk ? "thunk for " : "") + "closure";
        } else if (*token != "closure") {
            for (const auto& t : tokens) {
                if (t == "closure") {
                    token = "closure in " + *token;
                    break;
                }
            }
        }
        function = *token;
        replaceAll(function, kLtProtect, "<");
        replaceAll(function, kCallProtect, "()");
        replaceAll(function, kArrowProtect, "->");
        replaceAll(function, kAnonProtect, "`anonymous namespace'");
    } else {
        function = original;
    }

    // ::h[a-z0-9]{16}$
    if (function.size() >= 19 && function.compare(function.size() - 19, 3, "::h") == 0) {
        bool ok = true;
        for (std::size_t k = function.size() - 16; k < function.size(); ++k)
            ok = ok && ((function[k] >= 'a' && function[k] <= 'z') || (function[k] >= '0' && function[k] <= '9'));
        if (ok)
            function.resize(function.size() - 19);
    }
    // @@?GLIBC_([0-9.]+)$
    if (const auto g = function.rfind("@GLIBC_"); g != std::string::npos && g + 7 < function.size()) {
        bool ok = true;
        for (std::size_t k = g + 7; k < function.size(); ++k)
            ok = ok && ((function[k] >= '0' && function[k] <= '9') || function[k] == '.');
        if (ok)
            function.resize(g > 0 && function[g - 1] == '@' ? g - 1 : g);
    }
    if (function.find('@') != std::string::npos)
        function = stripWindowsDecl(function);
    return function;
}

} // namespace stackdeck::grouping
