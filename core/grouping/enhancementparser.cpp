#include "enhancementparser.h"

#include <optional>

namespace stackdeck::grouping {

std::string RuleSyntaxError::toString() const
{
    return message + " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
}

namespace {

bool isIdentChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '-';
}
bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::optional<MatchField> fieldForKey(std::string_view key)
{
    if (key == "function" || key == "stack.function")
        return MatchField::Function;
    if (key == "module" || key == "stack.module")
        return MatchField::Module;
    if (key == "path" || key == "stack.abs_path")
        return MatchField::Path;
    if (key == "package" || key == "stack.package")
        return MatchField::Package;
    if (key == "category")
        return MatchField::Category;
    if (key == "family")
        return MatchField::Family;
    if (key == "app")
        return MatchField::App;
    if (key == "type" || key == "error.type")
        return MatchField::Type;
    if (key == "value" || key == "error.value")
        return MatchField::Value;
    if (key == "mechanism" || key == "error.mechanism")
        return MatchField::Mechanism;
    return std::nullopt;
}

std::optional<bool> ruleBool(std::string_view v)
{
    if (v == "1" || v == "yes" || v == "true")
        return true;
    if (v == "0" || v == "no" || v == "false")
        return false;
    return std::nullopt;
}

std::uint8_t parseFamilies(std::string_view list)
{
    std::uint8_t bits = 0;
    while (true) {
        const auto comma = list.find(',');
        const std::string_view f = list.substr(0, comma);
        if (f == "other")
            bits |= kFamilyOther;
        else if (f == "native")
            bits |= kFamilyNative;
        else if (f == "javascript")
            bits |= kFamilyJavaScript;
        else if (f == "all")
            bits |= kFamilyAll;
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return bits;
}

class LineParser {
public:
    LineParser(std::string_view line, int lineNo)
        : m_s(line)
        , m_line(lineNo)
    {
    }

    RuleResult<EnhancementRule> parse()
    {
        EnhancementRule rule;
        rule.line = m_line;
        skipBlanks();
        std::optional<EnhancementMatcher> caller;
        if (peek() == '[') {
            auto m = bracketed(FrameOffset::Caller);
            if (!m.ok())
                return m.error();
            caller = std::move(m.value());
            skipBlanks();
            if (peek() != '|')
                return fail("expected '|' after a caller matcher '[ ... ]'");
            ++m_pos;
        }
        std::vector<EnhancementMatcher> matchers;
        for (;;) {
            skipBlanks();
            const std::size_t save = m_pos;
            auto m = matcher(FrameOffset::None);
            if (!m) {
                m_pos = save;
                break;
            }
            if (!m->ok())
                return m->error();
            matchers.push_back(std::move(m->value()));
        }
        if (matchers.empty())
            return fail("expected a matcher such as `function:name`");
        skipBlanks();
        if (peek() == '|') {
            ++m_pos;
            skipBlanks();
            if (peek() != '[')
                return fail("expected '[' after '|' for a callee matcher");
            auto m = bracketed(FrameOffset::Callee);
            if (!m.ok())
                return m.error();
            matchers.push_back(std::move(m.value()));
        }
        if (caller)
            matchers.insert(matchers.end() - (matchers.back().offset == FrameOffset::Callee ? 1 : 0), *caller);
        for (auto& m : matchers) {
            if (m.isExceptionMatcher())
                rule.exceptionMatchers.push_back(std::move(m));
            else
                rule.frameMatchers.push_back(std::move(m));
        }

        for (;;) {
            skipBlanks();
            if (atEnd() || peek() == '#')
                break;
            auto a = action();
            if (!a.ok())
                return a.error();
            rule.actions.push_back(std::move(a.value()));
        }
        if (rule.actions.empty())
            return fail("expected an action such as `+app`, `-group` or `category=name`");
        rule.finalize();
        return rule;
    }

private:
    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek() const { return atEnd() ? '\0' : m_s[m_pos]; }
    void skipBlanks()
    {
        while (!atEnd() && isBlank(m_s[m_pos]))
            ++m_pos;
    }
    RuleSyntaxError errorAt(std::size_t pos, std::string message) const
    {
        return RuleSyntaxError {m_line, static_cast<int>(pos) + 1, std::move(message)};
    }
    RuleSyntaxError fail(std::string message) const { return errorAt(m_pos, std::move(message)); }

    RuleResult<EnhancementMatcher> bracketed(FrameOffset offset)
    {
        ++m_pos; // '['
        skipBlanks();
        auto m = matcher(offset);
        if (!m)
            return fail("expected a matcher inside '[ ... ]'");
        if (!m->ok())
            return m->error();
        skipBlanks();
        if (peek() != ']')
            return fail("expected ']'");
        ++m_pos;
        return std::move(m->value());
    }

    // nullopt: the text here is not a matcher at all (no `key:`).
    std::optional<RuleResult<EnhancementMatcher>> matcher(FrameOffset offset)
    {
        EnhancementMatcher m;
        m.offset = offset;
        if (peek() == '!') {
            m.negated = true;
            ++m_pos;
        }
        const std::size_t keyPos = m_pos;
        std::string_view key;
        if (peek() == '"') {
            std::size_t end = m_pos + 1;
            while (end < m_s.size() && (isIdentChar(m_s[end]) || m_s[end] == ':' || m_s[end] == ' '))
                ++end;
            if (end >= m_s.size() || m_s[end] != '"' || end == m_pos + 1)
                return std::nullopt;
            key = m_s.substr(m_pos + 1, end - m_pos - 1);
            m_pos = end + 1;
        } else {
            std::size_t end = m_pos;
            while (end < m_s.size() && isIdentChar(m_s[end]))
                ++end;
            if (end == m_pos)
                return std::nullopt;
            key = m_s.substr(m_pos, end - m_pos);
            m_pos = end;
        }
        if (peek() != ':')
            return std::nullopt;
        ++m_pos;
        const auto field = fieldForKey(key);
        if (!field)
            return RuleResult<EnhancementMatcher>(errorAt(keyPos, "unknown matcher `" + std::string(key) + "`"));
        m.field = *field;

        const std::size_t argPos = m_pos;
        if (peek() == '"') {
            std::string arg;
            std::size_t i = m_pos + 1;
            for (; i < m_s.size() && m_s[i] != '"'; ++i) {
                if (m_s[i] == '\\' && i + 1 < m_s.size() && (m_s[i + 1] == '\\' || m_s[i + 1] == '"')) {
                    arg += m_s[++i];
                    continue;
                }
                arg += m_s[i];
            }
            if (i >= m_s.size())
                return RuleResult<EnhancementMatcher>(errorAt(argPos, "unterminated quoted pattern"));
            m.pattern = std::move(arg);
            m_pos = i + 1;
        } else {
            std::size_t end = m_pos;
            while (end < m_s.size() && !isSpace(m_s[end]))
                ++end;
            if (end == m_pos)
                return RuleResult<EnhancementMatcher>(errorAt(argPos, "missing pattern after `:`"));
            m.pattern = std::string(m_s.substr(m_pos, end - m_pos));
            m_pos = end;
        }

        switch (m.field) {
        case MatchField::Family:
            m.families = parseFamilies(m.pattern);
            break;
        case MatchField::App: {
            const auto b = ruleBool(m.pattern);
            if (!b)
                return RuleResult<EnhancementMatcher>(
                    errorAt(argPos, "invalid value for `app`: `" + m.pattern + "` (use yes/no)"));
            m.expectedInApp = *b;
            break;
        }
        default: {
            const bool pathLike = m.field == MatchField::Path || m.field == MatchField::Package;
            std::string pattern = m.pattern;
            if (pathLike) {
                for (char& c : pattern) {
                    if (c == '\\')
                        c = '/';
                }
            }
            GlobOptions opts;
            opts.caseInsensitive = true;
            opts.pathSeparator = pathLike;
            opts.valueBackslashIsSlash = pathLike;
            auto glob = Glob::compile(pattern, opts);
            if (!glob.ok())
                return RuleResult<EnhancementMatcher>(errorAt(argPos, "invalid pattern: " + glob.error().message));
            m.glob = std::move(glob.value());
            break;
        }
        }
        return RuleResult<EnhancementMatcher>(std::move(m));
    }

    RuleResult<EnhancementAction> action()
    {
        EnhancementAction a;
        const std::size_t start = m_pos;
        std::size_t p = m_pos;
        if (p < m_s.size() && (m_s[p] == '^' || m_s[p] == 'v') && p + 1 < m_s.size()
            && (m_s[p + 1] == '+' || m_s[p + 1] == '-')) {
            a.range = m_s[p] == '^' ? ActionRange::Up : ActionRange::Down;
            ++p;
        }
        if (p < m_s.size() && (m_s[p] == '+' || m_s[p] == '-')) {
            a.flag = m_s[p] == '+';
            ++p;
            std::size_t end = p;
            while (end < m_s.size() && isIdentChar(m_s[end]))
                ++end;
            const std::string_view name = m_s.substr(p, end - p);
            if (name == "app")
                a.kind = ActionKind::App;
            else if (name == "group")
                a.kind = ActionKind::Group;
            else
                return errorAt(p, "unknown flag `" + std::string(name) + "` (expected app or group)");
            m_pos = end;
            return a;
        }

        std::size_t end = m_pos;
        while (end < m_s.size() && isIdentChar(m_s[end]))
            ++end;
        const std::string_view name = m_s.substr(m_pos, end - m_pos);
        if (name != "max-frames" && name != "min-frames" && name != "invert-stacktrace" && name != "category")
            return errorAt(
                start, name.empty() ? std::string("expected an action") : "unknown action `" + std::string(name) + "`");
        m_pos = end;
        skipBlanks();
        if (peek() != '=')
            return fail("expected '=' after `" + std::string(name) + "`");
        ++m_pos;
        skipBlanks();
        const std::size_t valuePos = m_pos;
        std::size_t vend = m_pos;
        while (vend < m_s.size() && isIdentChar(m_s[vend]))
            ++vend;
        const std::string_view value = m_s.substr(m_pos, vend - m_pos);
        if (value.empty())
            return fail("missing value after `" + std::string(name) + "=`");
        m_pos = vend;
        if (name == "category") {
            a.kind = ActionKind::Category;
            a.category = std::string(value);
        } else if (name == "invert-stacktrace") {
            const auto b = ruleBool(value);
            if (!b)
                return errorAt(valuePos, "invalid value for `invert-stacktrace`: `" + std::string(value) + "`");
            a.kind = ActionKind::InvertStacktrace;
            a.flag = *b;
        } else {
            std::size_t n = 0;
            for (char c : value) {
                if (c < '0' || c > '9')
                    return errorAt(valuePos, "`" + std::string(name) + "` needs a number");
                n = n * 10 + static_cast<std::size_t>(c - '0');
            }
            a.kind = name == "max-frames" ? ActionKind::MaxFrames : ActionKind::MinFrames;
            a.number = n;
        }
        return a;
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    int m_line;
};

} // namespace

RuleResult<std::vector<EnhancementRule>> parseEnhancementRules(std::string_view text, bool custom)
{
    std::vector<EnhancementRule> rules;
    int lineNo = 0;
    while (!text.empty()) {
        ++lineNo;
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        std::size_t first = 0;
        while (first < line.size() && isSpace(line[first]))
            ++first;
        if (first == line.size() || line[first] == '#')
            continue;
        std::size_t last = line.size();
        while (last > first && isSpace(line[last - 1]))
            --last;
        // Keep columns relative to the untrimmed line.
        auto parsed = LineParser(line.substr(0, last), lineNo).parse();
        if (!parsed.ok())
            return parsed.error();
        parsed.value().custom = custom;
        rules.push_back(std::move(parsed.value()));
    }
    return rules;
}

} // namespace stackdeck::grouping
