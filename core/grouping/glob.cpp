#include "glob.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>

namespace stackdeck::grouping {

namespace {

    constexpr std::size_t kMaxBranches = 64;

    inline std::uint8_t fold(std::uint8_t c) { return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c; }

    // Decodes one UTF-8 scalar; malformed bytes are taken one at a time.
    std::size_t utf8Length(std::string_view s, std::size_t i)
    {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 1;
        if (c >= 0xF0)
            len = 4;
        else if (c >= 0xE0)
            len = 3;
        else if (c >= 0xC0)
            len = 2;
        if (i + len > s.size())
            return 1;
        for (std::size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return 1;
        }
        return len;
    }

    // globset's token tree before `{}` expansion.
    struct Node {
        enum Type { Literal, Any, ZeroOrMore, RecursivePrefix, RecursiveSuffix, RecursiveZeroOrMore, Class, Alternates };
        Type type = Literal;
        std::string text;                                  // Literal: one UTF-8 character
        bool negated = false;                              // Class
        std::vector<std::pair<std::string, std::string>> ranges; // Class: UTF-8 endpoints
        std::vector<std::vector<Node>> alternates;
    };
    using Seq = std::vector<Node>;

    Node makeNode(Node::Type type)
    {
        Node n;
        n.type = type;
        return n;
    }

    class Parser {
    public:
        explicit Parser(std::string_view glob)
            : m_glob(glob)
        {
        }

        Result<Seq> parse()
        {
            m_branches.emplace_back();
            while (auto c = bump()) {
                const std::string_view ch = *c;
                Status st = Ok {};
                if (ch == "?")
                    push(makeNode(Node::Any));
                else if (ch == "*")
                    st = parseStar();
                else if (ch == "[")
                    st = parseClass();
                else if (ch == "{") {
                    m_altStack.push_back(m_branches.size());
                    m_branches.emplace_back();
                } else if (ch == "}")
                    st = popAlternate();
                else if (ch == ",") {
                    if (m_altStack.empty())
                        pushLiteral(ch);
                    else
                        m_branches.emplace_back();
                } else if (ch == "\\") {
                    auto next = bump();
                    if (!next)
                        return Error { "dangling '\\' escape" };
                    pushLiteral(*next);
                } else {
                    pushLiteral(ch);
                }
                if (!st.ok())
                    return st.error();
            }
            if (m_branches.size() > 1)
                return Error { "unclosed alternate group '{'" };
            return std::move(m_branches.back());
        }

    private:
        std::optional<std::string_view> bump()
        {
            m_prev = m_cur;
            if (m_pos >= m_glob.size()) {
                m_cur = std::nullopt;
                return std::nullopt;
            }
            const std::size_t len = utf8Length(m_glob, m_pos);
            m_cur = m_glob.substr(m_pos, len);
            m_pos += len;
            return m_cur;
        }
        std::optional<std::string_view> peek() const
        {
            if (m_pos >= m_glob.size())
                return std::nullopt;
            return m_glob.substr(m_pos, utf8Length(m_glob, m_pos));
        }
        void push(Node n) { m_branches.back().push_back(std::move(n)); }
        void pushLiteral(std::string_view ch)
        {
            Node n = makeNode(Node::Literal);
            n.text = std::string(ch);
            push(std::move(n));
        }

        Status popAlternate()
        {
            if (m_altStack.empty())
                return Error { "unopened alternate group '}'" };
            const std::size_t start = m_altStack.back();
            m_altStack.pop_back();
            Node alt = makeNode(Node::Alternates);
            for (std::size_t i = start; i < m_branches.size(); ++i)
                alt.alternates.push_back(std::move(m_branches[i]));
            m_branches.resize(start);
            push(std::move(alt));
            return Ok {};
        }

        // globset's parse_star: `**` is recursive only as a whole path component.
        Status parseStar()
        {
            const auto prev = m_prev;
            if (peek() != std::optional<std::string_view>("*")) {
                push(makeNode(Node::ZeroOrMore));
                return Ok {};
            }
            bump();
            auto twoStars = [this] {
                push(makeNode(Node::ZeroOrMore));
                push(makeNode(Node::ZeroOrMore));
            };
            if (m_branches.back().empty()) {
                const auto next = peek();
                if (next && *next != "/") {
                    twoStars();
                } else {
                    push(makeNode(Node::RecursivePrefix));
                    bump();
                }
                return Ok {};
            }
            if (prev != std::optional<std::string_view>("/")) {
                if (m_branches.size() <= 1
                    || (prev != std::optional<std::string_view>(",") && prev != std::optional<std::string_view>("{"))) {
                    twoStars();
                    return Ok {};
                }
            }
            bool isSuffix = false;
            const auto next = peek();
            if (!next) {
                bump();
                isSuffix = true;
            } else if ((*next == "," || *next == "}") && m_branches.size() >= 2) {
                isSuffix = true;
            } else if (*next == "/") {
                bump();
            } else {
                twoStars();
                return Ok {};
            }
            Node last = std::move(m_branches.back().back());
            m_branches.back().pop_back();
            if (last.type == Node::RecursivePrefix || last.type == Node::RecursiveSuffix)
                push(makeNode(last.type));
            else
                push(makeNode(isSuffix ? Node::RecursiveSuffix : Node::RecursiveZeroOrMore));
            return Ok {};
        }

        Status parseClass()
        {
            Node cls = makeNode(Node::Class);
            if (const auto p = peek(); p && (*p == "!" || *p == "^")) {
                bump();
                cls.negated = true;
            }
            bool first = true;
            bool inRange = false;
            for (;;) {
                const auto c = bump();
                if (!c)
                    return Error { "unclosed character class '['" };
                const std::string ch(*c);
                if (ch == "]" && !first)
                    break;
                if (ch == "-" && !first && !inRange) {
                    inRange = true;
                } else if (inRange) {
                    auto& r = cls.ranges.back();
                    r.second = ch;
                    if (r.second < r.first) // UTF-8 byte order equals scalar order
                        return Error { "invalid character range '" + r.first + "-" + r.second + "'" };
                    inRange = false;
                } else {
                    cls.ranges.emplace_back(ch, ch);
                }
                first = false;
            }
            if (inRange)
                cls.ranges.emplace_back("-", "-");
            push(std::move(cls));
            return Ok {};
        }

        std::string_view m_glob;
        std::size_t m_pos = 0;
        std::optional<std::string_view> m_prev;
        std::optional<std::string_view> m_cur;
        std::vector<Seq> m_branches;
        std::vector<std::size_t> m_altStack;
    };

    // Expands `{a,b}` into separate branches. Empty alternatives are dropped,
    // as globset does when `empty_alternates` is off.
    Result<std::vector<Seq>> expand(const Seq& seq)
    {
        std::vector<Seq> out(1);
        for (const Node& n : seq) {
            if (n.type != Node::Alternates) {
                for (Seq& s : out)
                    s.push_back(n);
                continue;
            }
            std::vector<Seq> choices;
            for (const Seq& alt : n.alternates) {
                auto sub = expand(alt);
                if (!sub.ok())
                    return sub.error();
                for (Seq& s : *sub) {
                    if (!s.empty())
                        choices.push_back(std::move(s));
                }
            }
            if (choices.empty())
                continue;
            std::vector<Seq> next;
            for (const Seq& s : out) {
                for (const Seq& c : choices) {
                    Seq combined = s;
                    combined.insert(combined.end(), c.begin(), c.end());
                    next.push_back(std::move(combined));
                    if (next.size() > kMaxBranches)
                        return Error { "too many alternatives" };
                }
            }
            out = std::move(next);
        }
        return out;
    }

} // namespace

class GlobCompiler {
public:
    GlobCompiler(Glob& glob)
        : m_glob(glob)
    {
        std::bitset<256> dot;
        dot.set();
        if (!glob.m_options.dotMatchesNewline)
            dot.reset('\n');
        std::bitset<256> notSlash;
        notSlash.set();
        notSlash.reset('/');
        m_dot = addSet(dot);
        m_single = glob.m_options.pathSeparator ? addSet(notSlash) : m_dot;
    }

    Status compileBranch(const Seq& seq)
    {
        Glob::Branch b;
        if (seq.size() == 1 && seq[0].type == Node::RecursivePrefix) {
            b.tokens.push_back({ Glob::Kind::Star, 0, m_dot }); // the glob `**` alone matches everything
            m_glob.m_branches.push_back(std::move(b));
            return Ok {};
        }
        for (const Node& n : seq) {
            switch (n.type) {
            case Node::Literal:
                for (char c : n.text)
                    addByte(b, static_cast<std::uint8_t>(c));
                break;
            case Node::Any:
                b.tokens.push_back({ Glob::Kind::Set, 0, m_single });
                break;
            case Node::ZeroOrMore:
                b.tokens.push_back({ Glob::Kind::Star, 0, m_single });
                break;
            case Node::RecursivePrefix:
                b.tokens.push_back({ Glob::Kind::DirSkip, 0, m_dot });
                break;
            case Node::RecursiveSuffix:
                addByte(b, '/');
                b.tokens.push_back({ Glob::Kind::Star, 0, m_dot });
                break;
            case Node::RecursiveZeroOrMore:
                addByte(b, '/');
                b.tokens.push_back({ Glob::Kind::DirSkip, 0, m_dot });
                break;
            case Node::Class: {
                auto set = classSet(n);
                if (!set.ok())
                    return set.error();
                b.tokens.push_back({ Glob::Kind::Set, 0, addSet(*set) });
                break;
            }
            case Node::Alternates:
                break; // expanded before
            }
        }
        finish(b);
        m_glob.m_branches.push_back(std::move(b));
        return Ok {};
    }

private:
    std::uint16_t addSet(const std::bitset<256>& s)
    {
        m_glob.m_sets.push_back(s);
        return static_cast<std::uint16_t>(m_glob.m_sets.size() - 1);
    }
    void addByte(Glob::Branch& b, std::uint8_t c)
    {
        b.tokens.push_back({ Glob::Kind::Byte, m_glob.m_options.caseInsensitive ? fold(c) : c, 0 });
    }

    // The class as the `(?-u)` regex sees it: non-ASCII endpoints are byte
    // sequences, so a range joins the last byte of one with the first of the other.
    Result<std::bitset<256>> classSet(const Node& n) const
    {
        std::bitset<256> set;
        for (const auto& [lo, hi] : n.ranges) {
            if (lo == hi) {
                for (char c : lo)
                    set.set(static_cast<unsigned char>(c));
                continue;
            }
            for (std::size_t i = 0; i + 1 < lo.size(); ++i)
                set.set(static_cast<unsigned char>(lo[i]));
            const auto a = static_cast<unsigned char>(lo.back());
            const auto z = static_cast<unsigned char>(hi.front());
            if (z < a)
                return Error { "invalid character range in class" };
            for (unsigned c = a; c <= z; ++c)
                set.set(c);
            for (std::size_t i = 1; i < hi.size(); ++i)
                set.set(static_cast<unsigned char>(hi[i]));
        }
        if (m_glob.m_options.caseInsensitive) {
            for (unsigned c = 'a'; c <= 'z'; ++c) {
                if (set.test(c) || set.test(c - 32)) {
                    set.set(c);
                    set.set(c - 32);
                }
            }
        }
        if (n.negated)
            set.flip();
        return set;
    }

    static void finish(Glob::Branch& b)
    {
        const auto& t = b.tokens;
        std::size_t lead = 0;
        while (lead < t.size() && t[lead].kind == Glob::Kind::Byte)
            b.prefix += static_cast<char>(t[lead++].byte);
        b.literal = lead == t.size();
        if (b.literal)
            return;
        std::size_t trail = t.size();
        while (trail > lead && t[trail - 1].kind == Glob::Kind::Byte)
            --trail;
        for (std::size_t i = trail; i < t.size(); ++i)
            b.suffix += static_cast<char>(t[i].byte);
        std::string run;
        for (std::size_t i = lead; i < trail; ++i) {
            if (t[i].kind == Glob::Kind::Byte) {
                run += static_cast<char>(t[i].byte);
                continue;
            }
            if (run.size() > b.mustContain.size())
                b.mustContain = run;
            run.clear();
        }
        if (run.size() > b.mustContain.size())
            b.mustContain = run;
        for (const auto& tok : t)
            b.minLength += (tok.kind == Glob::Kind::Byte || tok.kind == Glob::Kind::Set) ? 1 : 0;
    }

    Glob& m_glob;
    std::uint16_t m_dot = 0;
    std::uint16_t m_single = 0;
};

Result<Glob> Glob::compile(std::string_view pattern, GlobOptions options)
{
    Glob glob;
    glob.m_pattern = std::string(pattern);
    glob.m_options = options;
    auto seq = Parser(pattern).parse();
    if (!seq.ok())
        return seq.error();
    auto branches = expand(*seq);
    if (!branches.ok())
        return branches.error();
    GlobCompiler compiler(glob);
    for (const Seq& s : *branches) {
        auto st = compiler.compileBranch(s);
        if (!st.ok())
            return st.error();
    }
    if (glob.m_branches.empty())
        glob.m_branches.emplace_back(); // matches only the empty string
    glob.m_slashPrefixMatters = false;
    for (const Branch& b : glob.m_branches) {
        if (b.tokens.empty() || b.tokens.front().kind != Kind::DirSkip)
            glob.m_slashPrefixMatters = true;
    }
    return glob;
}

// The value as the matcher reads it: optionally behind a virtual '/', with
// bytes case-folded and backslashes read as slashes when the options say so.
struct GlobSubject {
    std::string_view value;
    bool slashPrefix = false;
    bool fold = false;
    bool backslash = false;

    std::size_t size() const { return value.size() + (slashPrefix ? 1 : 0); }
    std::uint8_t raw(std::size_t i) const
    {
        if (slashPrefix) {
            if (i == 0)
                return '/';
            --i;
        }
        const auto c = static_cast<std::uint8_t>(value[i]);
        return (backslash && c == '\\') ? static_cast<std::uint8_t>('/') : c;
    }
    std::uint8_t folded(std::size_t i) const { return fold ? foldByte(raw(i)) : raw(i); }
    static std::uint8_t foldByte(std::uint8_t c) { return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c; }
};

class GlobMatcher {
public:
    GlobMatcher(const Glob& glob, const Glob::Branch& branch, const GlobSubject& value)
        : m_glob(glob)
        , m_tokens(branch.tokens)
        , m_value(value)
    {
    }

    bool run()
    {
        const std::size_t cells = (m_tokens.size() + 1) * (m_value.size() + 1);
        if (cells <= m_small.size() * 64) {
            m_memo = m_small.data();
        } else {
            m_big = std::make_unique<std::uint64_t[]>(cells / 64 + 1);
            m_memo = m_big.get();
        }
        return match(0, 0);
    }

private:
    bool failedBefore(std::size_t ti, std::size_t pos) const
    {
        const std::size_t k = ti * (m_value.size() + 1) + pos;
        return (m_memo[k / 64] >> (k % 64)) & 1U;
    }
    void markFailed(std::size_t ti, std::size_t pos)
    {
        const std::size_t k = ti * (m_value.size() + 1) + pos;
        m_memo[k / 64] |= std::uint64_t(1) << (k % 64);
    }
    std::uint8_t at(std::size_t pos) const { return m_value.folded(pos); }

    bool match(std::size_t ti, std::size_t pos)
    {
        const std::size_t n = m_value.size();
        while (ti < m_tokens.size()) {
            const Glob::Token& t = m_tokens[ti];
            switch (t.kind) {
            case Glob::Kind::Byte: {
                if (pos >= n)
                    return false;
                if (at(pos) != t.byte)
                    return false;
                ++pos;
                ++ti;
                continue;
            }
            case Glob::Kind::Set:
                if (pos >= n || !m_glob.m_sets[t.set].test(at(pos)))
                    return false;
                ++pos;
                ++ti;
                continue;
            case Glob::Kind::Star: {
                const auto& set = m_glob.m_sets[t.set];
                if (ti + 1 == m_tokens.size()) {
                    for (; pos < n; ++pos) {
                        if (!set.test(at(pos)))
                            return false;
                    }
                    return true;
                }
                if (failedBefore(ti, pos))
                    return false;
                for (std::size_t p = pos;; ++p) {
                    if (match(ti + 1, p))
                        return true;
                    if (p >= n || !set.test(at(p)))
                        break;
                }
                markFailed(ti, pos);
                return false;
            }
            case Glob::Kind::DirSkip: {
                // (?:/?|.*/): nothing, or a run of `.` bytes ending with '/'
                const auto& set = m_glob.m_sets[t.set];
                if (failedBefore(ti, pos))
                    return false;
                if (match(ti + 1, pos))
                    return true;
                for (std::size_t p = pos; p < n && set.test(at(p)); ++p) {
                    if (at(p) == '/' && match(ti + 1, p + 1))
                        return true;
                }
                markFailed(ti, pos);
                return false;
            }
            }
        }
        return pos == n;
    }

    const Glob& m_glob;
    const std::vector<Glob::Token>& m_tokens;
    const GlobSubject& m_value;
    std::array<std::uint64_t, 16> m_small {};
    std::unique_ptr<std::uint64_t[]> m_big;
    std::uint64_t* m_memo = nullptr;
};

namespace {

    // Folded comparison of `needle` with the subject at `at`.
    bool equalAt(const GlobSubject& hay, std::size_t at, std::string_view needle)
    {
        for (std::size_t k = 0; k < needle.size(); ++k) {
            if (hay.folded(at + k) != static_cast<std::uint8_t>(needle[k]))
                return false;
        }
        return true;
    }

    bool contains(const GlobSubject& hay, std::string_view needle)
    {
        const std::size_t n = hay.size();
        if (needle.size() > n)
            return false;
        const std::size_t last = n - needle.size();
        const auto first = static_cast<std::uint8_t>(needle[0]);
        // Scan the real bytes with memchr for the first needle byte (both
        // cases when folding); the virtual '/' and backslashes are rare.
        const bool simple = !hay.backslash && !hay.slashPrefix;
        if (simple) {
            const char* base = hay.value.data();
            const auto upper = static_cast<std::uint8_t>(first - 32);
            const bool twoCases = hay.fold && first >= 'a' && first <= 'z';
            std::size_t from = 0;
            while (from <= last) {
                const void* a = std::memchr(base + from, first, last - from + 1);
                const void* b = twoCases ? std::memchr(base + from, upper, last - from + 1) : nullptr;
                const char* hit = static_cast<const char*>(a);
                if (b && (!hit || static_cast<const char*>(b) < hit))
                    hit = static_cast<const char*>(b);
                if (!hit)
                    return false;
                const std::size_t at = std::size_t(hit - base);
                if (equalAt(hay, at, needle))
                    return true;
                from = at + 1;
            }
            return false;
        }
        for (std::size_t i = 0; i <= last; ++i) {
            if (hay.folded(i) == first && equalAt(hay, i, needle))
                return true;
        }
        return false;
    }

} // namespace

std::vector<std::uint8_t> Glob::firstBytes() const
{
    std::vector<std::uint8_t> out;
    for (const Branch& b : m_branches) {
        if (b.prefix.empty())
            return {};
        const auto c = static_cast<std::uint8_t>(b.prefix[0]);
        if (std::find(out.begin(), out.end(), c) == out.end())
            out.push_back(c);
    }
    return out;
}

bool Glob::matches(std::string_view value, bool slashPrefix) const
{
    const GlobSubject subject { value, slashPrefix, m_options.caseInsensitive, m_options.valueBackslashIsSlash };
    const std::size_t n = subject.size();
    for (const Branch& b : m_branches) {
        if (b.literal) {
            if (n == b.prefix.size() && equalAt(subject, 0, b.prefix))
                return true;
            continue;
        }
        if (n < b.minLength || !equalAt(subject, 0, b.prefix))
            continue;
        if (!b.suffix.empty() && (n < b.prefix.size() + b.suffix.size() || !equalAt(subject, n - b.suffix.size(), b.suffix)))
            continue;
        if (!b.mustContain.empty() && !contains(subject, b.mustContain))
            continue;
        if (GlobMatcher(*this, b, subject).run())
            return true;
    }
    return false;
}

} // namespace stackdeck::grouping
