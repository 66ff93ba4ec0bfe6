// Parsing a glob the way Rust's globset does and lowering it to the token
// program glob.cpp matches.

#include "glob.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>

namespace stackdeck::grouping {

namespace {

constexpr std::size_t kMaxBranches = 64;

inline std::uint8_t fold(std::uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c;
}

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
    std::string text; // Literal: one UTF-8 character
    bool negated = false; // Class
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
                    return Error {"dangling '\\' escape"};
                pushLiteral(*next);
            } else {
                pushLiteral(ch);
            }
            if (!st.ok())
                return st.error();
        }
        if (m_branches.size() > 1)
            return Error {"unclosed alternate group '{'"};
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
            return Error {"unopened alternate group '}'"};
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
                return Error {"unclosed character class '['"};
            const std::string ch(*c);
            if (ch == "]" && !first)
                break;
            if (ch == "-" && !first && !inRange) {
                inRange = true;
            } else if (inRange) {
                auto& r = cls.ranges.back();
                r.second = ch;
                if (r.second < r.first) // UTF-8 byte order equals scalar order
                    return Error {"invalid character range '" + r.first + "-" + r.second + "'"};
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
                    return Error {"too many alternatives"};
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
            b.tokens.push_back({Glob::Kind::Star, 0, m_dot}); // the glob `**` alone matches everything
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
                b.tokens.push_back({Glob::Kind::Set, 0, m_single});
                break;
            case Node::ZeroOrMore:
                b.tokens.push_back({Glob::Kind::Star, 0, m_single});
                break;
            case Node::RecursivePrefix:
                b.tokens.push_back({Glob::Kind::DirSkip, 0, m_dot});
                break;
            case Node::RecursiveSuffix:
                addByte(b, '/');
                b.tokens.push_back({Glob::Kind::Star, 0, m_dot});
                break;
            case Node::RecursiveZeroOrMore:
                addByte(b, '/');
                b.tokens.push_back({Glob::Kind::DirSkip, 0, m_dot});
                break;
            case Node::Class: {
                auto set = classSet(n);
                if (!set.ok())
                    return set.error();
                b.tokens.push_back({Glob::Kind::Set, 0, addSet(*set)});
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
        b.tokens.push_back({Glob::Kind::Byte, m_glob.m_options.caseInsensitive ? fold(c) : c, 0});
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
                return Error {"invalid character range in class"};
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

} // namespace stackdeck::grouping
