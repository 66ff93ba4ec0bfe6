// Parsing of server-side fingerprint rules (sentry
// src/sentry/grouping/fingerprinting/__init__.py grammar and matchers).

#include "fingerprintrules.h"

#include "fingerprinting.h"

#include <QtGlobal>

#include <nlohmann/json.hpp>

namespace stackdeck::grouping {

namespace {

constexpr std::string_view kBuiltinJavascript =
#include "rules/javascript-2024-02-02.inc"
    ;

std::optional<std::string_view> canonicalKey(std::string_view key)
{
    static constexpr std::pair<std::string_view, std::string_view> kMap[] = {
        {"error.type", "type"},
        {"error.value", "value"},
        {"stack.module", "module"},
        {"stack.abs_path", "path"},
        {"stack.package", "package"},
        {"stack.function", "function"},
        {"message", "message"},
        {"logger", "logger"},
        {"level", "level"},
        {"type", "type"},
        {"value", "value"},
        {"module", "module"},
        {"path", "path"},
        {"package", "package"},
        {"function", "function"},
        {"family", "family"},
        {"app", "app"},
        {"sdk", "sdk"},
        {"release", "release"},
    };
    for (const auto& [from, to] : kMap) {
        if (key == from)
            return to;
    }
    return std::nullopt;
}

std::optional<bool> boolFromString(std::string_view v)
{
    std::string s(v);
    for (char& c : s)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (s == "yes" || s == "true" || s == "1" || s == "on")
        return true;
    if (s == "no" || s == "false" || s == "0" || s == "off")
        return false;
    return std::nullopt;
}

bool isKeyChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '-';
}
bool isWs(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// sentry.utils.strings.unescape_string for the escapes rules use in practice.
std::string unescape(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out += s[i];
            continue;
        }
        const char n = s[++i];
        switch (n) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case '\\':
        case '"':
        case '\'':
            out += n;
            break;
        default:
            out += '\\';
            out += n;
        }
    }
    return out;
}

class RuleParser {
public:
    RuleParser(std::string_view line, int lineNo)
        : m_s(line)
        , m_line(lineNo)
    {
    }

    RuleResult<FingerprintRule> parse()
    {
        FingerprintRule rule;
        for (;;) {
            skip();
            if (m_s.substr(m_pos, 2) == "->")
                break;
            const std::size_t start = m_pos;
            bool negated = false;
            if (peek() == '!') {
                negated = true;
                ++m_pos;
            }
            std::string key;
            if (peek() == '"') {
                std::size_t e = m_pos + 1;
                while (e < m_s.size() && (isKeyChar(m_s[e]) || m_s[e] == ':'))
                    ++e;
                if (e >= m_s.size() || m_s[e] != '"')
                    return fail(start);
                key = std::string(m_s.substr(m_pos + 1, e - m_pos - 1));
                while (!key.empty() && key.front() == '!')
                    key.erase(0, 1);
                m_pos = e + 1;
            } else {
                std::size_t e = m_pos;
                while (e < m_s.size() && isKeyChar(m_s[e]))
                    ++e;
                if (e == m_pos)
                    return fail(start);
                key = std::string(m_s.substr(m_pos, e - m_pos));
                m_pos = e;
            }
            if (peek() != ':')
                return fail(start);
            ++m_pos;
            std::string pattern;
            if (!argument(pattern, false))
                return fail(m_pos);
            auto matcher = makeFingerprintMatcher(key, std::move(pattern), negated);
            if (!matcher.ok())
                return RuleSyntaxError {m_line, int(start) + 1, matcher.error().message};
            rule.matchers.push_back(std::move(matcher.value()));
        }
        if (rule.matchers.empty())
            return fail(m_pos);
        m_pos += 2; // "->"
        for (;;) {
            skip();
            if (m_pos >= m_s.size() || peek() == '#')
                break;
            const std::size_t start = m_pos;
            // fp_attribute: key "=" quoted
            std::size_t e = m_pos;
            while (e < m_s.size() && isKeyChar(m_s[e]))
                ++e;
            if (e > m_pos && e < m_s.size() && m_s[e] == '=' && e + 1 < m_s.size() && m_s[e + 1] == '"') {
                const std::string key(m_s.substr(m_pos, e - m_pos));
                m_pos = e + 1;
                std::string value;
                if (!argument(value, true))
                    return fail(m_pos);
                if (key != "title")
                    return RuleSyntaxError {m_line, int(start) + 1, "Unknown attribute '" + key + "'"};
                rule.title = value;
            } else {
                std::string value;
                if (!argument(value, true))
                    return fail(start);
                rule.fingerprint.push_back(
                    isDefaultFingerprintVariable(value) ? std::string(kDefaultFingerprintVariable) : value);
            }
            skip();
            if (peek() == ',')
                ++m_pos;
        }
        if (rule.fingerprint.empty())
            return fail(m_pos);
        return rule;
    }

private:
    char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }
    void skip()
    {
        while (m_pos < m_s.size() && m_s[m_pos] == ' ')
            ++m_pos;
    }
    RuleSyntaxError fail(std::size_t at) const
    {
        std::string context(m_s.substr(std::min(at, m_s.size()), 33));
        if (context.size() == 33)
            context = context.substr(0, 32) + "...";
        return RuleSyntaxError {m_line, int(at) + 1, "Invalid syntax near \"" + context + "\""};
    }
    // quoted, or unquoted (`\S+`; in a fingerprint `{{ var }}` or `[^\s{,]+`)
    bool argument(std::string& out, bool fingerprint)
    {
        if (peek() == '"') {
            std::size_t i = m_pos + 1;
            for (; i < m_s.size() && m_s[i] != '"'; ++i) {
                if (m_s[i] == '\\')
                    ++i;
            }
            if (i >= m_s.size())
                return false;
            out = unescape(m_s.substr(m_pos + 1, i - m_pos - 1));
            m_pos = i + 1;
            return true;
        }
        if (fingerprint && m_s.substr(m_pos, 2) == "{{") {
            const auto close = m_s.find("}}", m_pos + 2);
            if (close != std::string_view::npos && parseFingerprintVariable(m_s.substr(m_pos, close + 2 - m_pos))) {
                out = std::string(m_s.substr(m_pos, close + 2 - m_pos));
                m_pos = close + 2;
                return true;
            }
        }
        std::size_t e = m_pos;
        while (e < m_s.size() && !isWs(m_s[e]) && !(fingerprint && (m_s[e] == '{' || m_s[e] == ',')))
            ++e;
        if (e == m_pos)
            return false;
        out = std::string(m_s.substr(m_pos, e - m_pos));
        m_pos = e;
        return true;
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    int m_line;
};

std::string quote(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

} // namespace

Result<FingerprintMatcher> makeFingerprintMatcher(std::string_view rawKey, std::string pattern, bool negated)
{
    FingerprintMatcher m;
    m.negated = negated;
    m.pattern = std::move(pattern);
    if (rawKey.substr(0, 5) == "tags.") {
        m.key = std::string(rawKey);
    } else if (auto key = canonicalKey(rawKey)) {
        m.key = std::string(*key);
    } else {
        return Error {"Unknown matcher '" + std::string(rawKey) + "'"};
    }
    using G = FingerprintMatcher::Group;
    const std::string& k = m.key;
    if (k == "message")
        m.group = G::TopLevel;
    else if (k == "logger" || k == "level")
        m.group = G::LogInfo;
    else if (k == "type" || k == "value")
        m.group = G::Exceptions;
    else if (k.substr(0, 5) == "tags.")
        m.group = G::Tags;
    else if (k == "sdk")
        m.group = G::Sdk;
    else if (k == "family")
        m.group = G::Family;
    else if (k == "release")
        m.group = G::Release;
    else
        m.group = G::Frames;

    if (k == "family" || k == "sdk") {
        std::string_view rest = m.pattern;
        for (;;) {
            const auto comma = rest.find(',');
            m.flags.emplace_back(rest.substr(0, comma));
            if (comma == std::string_view::npos)
                break;
            rest.remove_prefix(comma + 1);
        }
        return m;
    }
    if (k == "app") {
        m.app = boolFromString(m.pattern);
        return m;
    }
    GlobOptions opts;
    opts.dotMatchesNewline = true; // relay's glob_match runs with allow_newline
    std::string pattern2 = m.pattern;
    if (k == "path" || k == "package" || k == "release") {
        opts.pathSeparator = true;
        opts.caseInsensitive = true;
        opts.valueBackslashIsSlash = true;
        for (char& c : pattern2) {
            if (c == '\\')
                c = '/';
        }
    } else if (k == "message" || k == "level" || k == "value") {
        opts.caseInsensitive = true;
    }
    auto glob = Glob::compile(pattern2, opts);
    if (!glob.ok())
        return Error {"invalid pattern for " + k + ": " + glob.error().message};
    m.glob = std::move(glob.value());
    return m;
}

std::string FingerprintMatcher::text() const
{
    return (negated ? "!" : "") + key + ":" + quote(pattern);
}

std::string FingerprintRule::text() const
{
    std::string out;
    for (const auto& m : matchers) {
        if (!out.empty())
            out += ' ';
        out += m.text();
    }
    out += " -> \"";
    for (const auto& f : fingerprint)
        out += f;
    out += "\"";
    if (title)
        out += " title=" + quote(*title);
    return out;
}

FingerprintRules::FingerprintRules(std::vector<FingerprintRule> rules)
    : m_rules(std::move(rules))
{
}

RuleResult<std::shared_ptr<const FingerprintRules>> FingerprintRules::parse(std::string_view text, bool builtin)
{
    std::vector<FingerprintRule> rules;
    int lineNo = 0;
    while (!text.empty()) {
        ++lineNo;
        const auto nl = text.find_first_of("\r\n");
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        std::size_t first = 0;
        while (first < line.size() && line[first] == ' ')
            ++first;
        if (first == line.size() || line[first] == '#')
            continue;
        auto rule = RuleParser(line, lineNo).parse();
        if (!rule.ok())
            return rule.error();
        rule.value().builtin = builtin;
        rules.push_back(std::move(rule.value()));
    }
    return std::shared_ptr<const FingerprintRules>(std::make_shared<const FingerprintRules>(std::move(rules)));
}

Result<std::shared_ptr<const FingerprintRules>> FingerprintRules::fromJson(const nlohmann::json& json)
{
    if (!json.is_array())
        return Error {"fingerprint rules must be a list"};
    std::vector<FingerprintRule> rules;
    for (const auto& r : json) {
        if (!r.is_object() || !r.contains("matchers") || !r.contains("fingerprint"))
            return Error {"a fingerprint rule needs `matchers` and `fingerprint`"};
        FingerprintRule rule;
        if (!r["matchers"].is_array())
            return Error {"`matchers` must be a list"};
        for (const auto& m : r["matchers"]) {
            if (!m.is_array() || m.size() != 2 || !m[0].is_string() || !m[1].is_string())
                return Error {"a matcher is a [key, pattern] pair"};
            std::string key = m[0].get<std::string>();
            const bool negated = !key.empty() && key[0] == '!';
            while (!key.empty() && key[0] == '!')
                key.erase(0, 1);
            auto matcher = makeFingerprintMatcher(key, m[1].get<std::string>(), negated);
            if (!matcher.ok())
                return matcher.error();
            rule.matchers.push_back(std::move(matcher.value()));
        }
        if (!r["fingerprint"].is_array())
            return Error {"`fingerprint` must be a list"};
        for (const auto& f : r["fingerprint"])
            rule.fingerprint.push_back(f.is_string() ? f.get<std::string>() : f.dump());
        if (const auto a = r.find("attributes"); a != r.end() && a->is_object()) {
            if (const auto t = a->find("title"); t != a->end() && t->is_string())
                rule.title = t->get<std::string>();
        }
        if (const auto b = r.find("is_builtin"); b != r.end() && b->is_boolean())
            rule.builtin = b->get<bool>();
        rules.push_back(std::move(rule));
    }
    return std::shared_ptr<const FingerprintRules>(std::make_shared<const FingerprintRules>(std::move(rules)));
}

std::shared_ptr<const FingerprintRules> FingerprintRules::builtinJavascript()
{
    static const std::shared_ptr<const FingerprintRules> instance = [] {
        auto parsed = parse(kBuiltinJavascript, true);
        if (!parsed.ok()) {
            qWarning("built-in fingerprint rules do not parse: %s", parsed.error().toString().c_str());
            return std::make_shared<const FingerprintRules>();
        }
        return parsed.value();
    }();
    return instance;
}

} // namespace stackdeck::grouping
