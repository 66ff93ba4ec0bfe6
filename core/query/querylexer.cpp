#include "querylexer.h"

#include "querychars.h"

namespace stackdeck::query {

namespace {

constexpr std::size_t kMaxQueryLength = 10'000;

class Lexer {
public:
    explicit Lexer(std::string_view text)
        : m_text(text)
    {
    }

    LexResult run()
    {
        if (m_text.size() > kMaxQueryLength)
            return fail("the search is too long (at most 10000 characters)", 0, m_text.size());
        while (!m_out.error) {
            while (m_pos < m_text.size() && isQuerySpace(m_text[m_pos]))
                ++m_pos;
            if (m_pos >= m_text.size())
                break;
            lexOne();
        }
        if (m_out.error)
            m_out.tokens.clear();
        return std::move(m_out);
    }

private:
    char at(std::size_t i) const { return i < m_text.size() ? m_text[i] : '\0'; }
    bool atTermEnd(std::size_t i) const
    {
        return i >= m_text.size() || isQuerySpace(m_text[i]) || (m_text[i] == ')' && m_depth > 0);
    }

    LexResult fail(std::string message, std::size_t position, std::size_t length)
    {
        m_out.error = QueryError {std::move(message), static_cast<int>(position), static_cast<int>(length)};
        return std::move(m_out);
    }
    void setError(std::string message, std::size_t position, std::size_t length)
    {
        if (!m_out.error)
            m_out.error = QueryError {std::move(message), static_cast<int>(position), static_cast<int>(length)};
    }

    Token& push(TokenKind kind, std::size_t position, std::size_t length)
    {
        Token& t = m_out.tokens.emplace_back();
        t.kind = kind;
        t.position = static_cast<int>(position);
        t.length = static_cast<int>(length);
        return t;
    }

    void lexOne()
    {
        const char c = m_text[m_pos];
        if (c == '(') {
            push(TokenKind::Open, m_pos++, 1);
            ++m_depth;
            return;
        }
        if (c == ')' && m_depth > 0) {
            push(TokenKind::Close, m_pos++, 1);
            --m_depth;
            return;
        }
        // `!x` / `-x` negate; a lone or doubled sign (`-`, `--flag`) is text.
        if ((c == '!' || c == '-') && !atTermEnd(m_pos + 1) && at(m_pos + 1) != '!' && at(m_pos + 1) != '-') {
            push(TokenKind::Not, m_pos++, 1);
            return;
        }
        if (c == '"') {
            const std::size_t start = m_pos;
            QueryValue phrase;
            if (!quoted(phrase) || !expectTermEnd(start, false))
                return;
            Token& t = push(TokenKind::Term, start, m_pos - start);
            t.value = std::move(phrase);
            t.atEnd = m_pos >= m_text.size();
            return;
        }
        if (filter())
            return;
        const std::size_t start = m_pos;
        while (!atTermEnd(m_pos))
            ++m_pos;
        const std::string_view word = m_text.substr(start, m_pos - start);
        const bool afterNot = !m_out.tokens.empty() && m_out.tokens.back().kind == TokenKind::Not;
        if ((word == "OR" || word == "AND") && !afterNot) {
            push(word == "OR" ? TokenKind::Or : TokenKind::And, start, word.size());
            return;
        }
        Token& t = push(TokenKind::Term, start, word.size());
        t.value = QueryValue {std::string(word), false, static_cast<int>(start), static_cast<int>(word.size())};
        t.atEnd = m_pos >= m_text.size();
    }

    // A quoted string at m_pos; leaves m_pos after the closing quote.
    bool quoted(QueryValue& out)
    {
        const std::size_t start = m_pos++;
        std::string text;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '\\' && (at(m_pos + 1) == '"' || at(m_pos + 1) == '\\')) {
                text += m_text[m_pos + 1];
                m_pos += 2;
            } else if (c == '"') {
                ++m_pos;
                out = QueryValue {std::move(text), true, static_cast<int>(start), static_cast<int>(m_pos - start)};
                return true;
            } else {
                text += c;
                ++m_pos;
            }
        }
        setError("missing closing quote", start, m_text.size() - start);
        return false;
    }

    bool expectTermEnd(std::size_t termStart, bool inList)
    {
        if (atTermEnd(m_pos) || (inList && (at(m_pos) == ',' || at(m_pos) == ']')))
            return true;
        setError("expected a space after the closing quote", termStart, m_pos - termStart + 1);
        return false;
    }

    // `key:` at m_pos? Then lexes the whole filter and returns true.
    bool filter()
    {
        const std::size_t start = m_pos;
        std::size_t keyStart = start, keyEnd = start, p = start;
        bool tagSyntax = false;
        if (m_text.substr(start, 5) == "tags[") {
            std::size_t close = start + 5;
            while (close < m_text.size() && m_text[close] != ']' && !isQuerySpace(m_text[close]))
                ++close;
            if (at(close) != ']' || close == start + 5 || at(close + 1) != ':')
                return false;
            tagSyntax = true;
            keyStart = start + 5;
            keyEnd = close;
            p = close + 1;
        } else {
            if (!isKeyStart(at(p)))
                return false;
            while (isKeyChar(at(p)))
                ++p;
            if (at(p) != ':')
                return false;
            keyEnd = p;
        }
        m_pos = p + 1; // after the colon
        Token t;
        t.kind = TokenKind::Filter;
        t.key = std::string(m_text.substr(keyStart, keyEnd - keyStart));
        t.keyPosition = static_cast<int>(keyStart);
        t.keyLength = static_cast<int>(keyEnd - keyStart);
        t.tagSyntax = tagSyntax;
        comparison(t);
        if (at(m_pos) == '[')
            bracketList(t);
        else if (!atTermEnd(m_pos))
            commaList(t);
        t.position = static_cast<int>(start);
        t.length = static_cast<int>(m_pos - start);
        m_out.tokens.push_back(std::move(t));
        return true;
    }

    void comparison(Token& t)
    {
        static constexpr std::pair<std::string_view, Comparison> kOps[]
            = {{">=", Comparison::GreaterEqual}, {"<=", Comparison::LessEqual}, {">", Comparison::Greater},
                {"<", Comparison::Less}, {"=", Comparison::Equal}};
        for (const auto& [text, op] : kOps) {
            if (m_text.substr(m_pos, text.size()) == text) {
                t.comparison = op;
                t.comparisonPosition = static_cast<int>(m_pos);
                t.comparisonLength = static_cast<int>(text.size());
                m_pos += text.size();
                return;
            }
        }
    }

    bool value(Token& t, bool inBrackets)
    {
        QueryValue v;
        const std::size_t start = m_pos;
        if (at(m_pos) == '"') {
            if (!quoted(v) || !expectTermEnd(start, true))
                return false;
        } else {
            while (!atTermEnd(m_pos) && at(m_pos) != ',' && !(inBrackets && at(m_pos) == ']'))
                ++m_pos;
            if (m_pos == start) {
                setError("empty value in the list", start, 1);
                return false;
            }
            v = QueryValue {std::string(m_text.substr(start, m_pos - start)), false, static_cast<int>(start),
                static_cast<int>(m_pos - start)};
        }
        t.values.push_back(std::move(v));
        return true;
    }

    void commaList(Token& t)
    {
        while (value(t, false)) {
            if (at(m_pos) != ',')
                return;
            ++m_pos;
        }
    }

    void bracketList(Token& t)
    {
        const std::size_t open = m_pos++;
        auto skipSpace = [&] {
            while (m_pos < m_text.size() && isQuerySpace(m_text[m_pos]))
                ++m_pos;
        };
        for (;;) {
            skipSpace();
            if (!value(t, true))
                return;
            skipSpace();
            if (at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            if (at(m_pos) == ']') {
                ++m_pos;
                if (!atTermEnd(m_pos))
                    setError("expected a space after ']'", open, m_pos - open + 1);
                return;
            }
            setError("missing ']' at the end of the list", open, m_pos - open);
            return;
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_depth = 0;
    LexResult m_out;
};

} // namespace

LexResult tokenize(std::string_view text)
{
    return Lexer(text).run();
}

} // namespace stackdeck::query
