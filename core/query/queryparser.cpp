#include "queryparser.h"

namespace stackdeck::query {

namespace {

constexpr int kMaxDepth = 32;
constexpr int kMaxTerms = 200;

class Parser {
public:
    explicit Parser(const std::vector<Token>& tokens)
        : m_tokens(tokens)
    {
    }

    ParseResult run()
    {
        ParseResult out;
        if (m_tokens.empty())
            return out;
        std::optional<QueryNode> root = parseOr(0);
        if (!m_error && m_pos < m_tokens.size()) // only a stray `)` can stop the top level early
            error("unexpected ')'", m_tokens[m_pos]);
        if (m_error)
            out.error = m_error;
        else
            out.root = std::move(root);
        return out;
    }

private:
    const Token* peek() const { return m_pos < m_tokens.size() ? &m_tokens[m_pos] : nullptr; }
    bool peekIs(TokenKind kind) const { return peek() && peek()->kind == kind; }
    bool startsUnary() const
    {
        return peek() && peek()->kind != TokenKind::Or && peek()->kind != TokenKind::And
            && peek()->kind != TokenKind::Close;
    }

    void error(std::string message, const Token& at)
    {
        if (!m_error)
            m_error = QueryError {std::move(message), at.position, at.length};
    }
    void errorAtEnd(std::string message)
    {
        const Token& last = m_tokens.back();
        if (!m_error)
            m_error = QueryError {std::move(message), last.position, last.length};
    }

    static QueryNode combine(QueryNode::Kind kind, std::vector<QueryNode> parts)
    {
        if (parts.size() == 1)
            return std::move(parts.front());
        QueryNode node;
        node.kind = kind;
        node.position = parts.front().position;
        node.length = parts.back().position + parts.back().length - node.position;
        node.children = std::move(parts);
        return node;
    }

    std::optional<QueryNode> parseOr(int depth)
    {
        std::vector<QueryNode> parts;
        for (;;) {
            if (peekIs(TokenKind::Or)) {
                error("OR needs a term before it", *peek());
                return std::nullopt;
            }
            auto part = parseAnd(depth);
            if (!part)
                return std::nullopt;
            parts.push_back(std::move(*part));
            if (!peekIs(TokenKind::Or))
                break;
            const Token& op = m_tokens[m_pos++];
            if (!startsUnary()) {
                error("OR needs a term after it", op);
                return std::nullopt;
            }
        }
        return combine(QueryNode::Kind::Or, std::move(parts));
    }

    std::optional<QueryNode> parseAnd(int depth)
    {
        std::vector<QueryNode> parts;
        for (;;) {
            if (peekIs(TokenKind::And)) {
                const Token& op = m_tokens[m_pos++];
                if (parts.empty() || !startsUnary()) {
                    error(parts.empty() ? "AND needs a term before it" : "AND needs a term after it", op);
                    return std::nullopt;
                }
            }
            if (!startsUnary())
                break;
            auto part = parseUnary(depth);
            if (!part)
                return std::nullopt;
            parts.push_back(std::move(*part));
        }
        if (parts.empty()) {
            if (peek())
                error("expected a search term", *peek());
            else
                errorAtEnd("expected a search term");
            return std::nullopt;
        }
        return combine(QueryNode::Kind::And, std::move(parts));
    }

    std::optional<QueryNode> parseUnary(int depth)
    {
        const Token& t = m_tokens[m_pos++];
        switch (t.kind) {
        case TokenKind::Not: {
            if (!startsUnary()) {
                error("nothing to negate", t);
                return std::nullopt;
            }
            auto inner = parseUnary(depth);
            if (!inner)
                return std::nullopt;
            inner->prefix = false; // `!conn` excludes the word, not every word starting with it
            QueryNode node;
            node.kind = QueryNode::Kind::Not;
            node.position = t.position;
            node.length = inner->position + inner->length - t.position;
            node.children.push_back(std::move(*inner));
            return node;
        }
        case TokenKind::Open: {
            if (depth >= kMaxDepth) {
                error("too many nested parentheses", t);
                return std::nullopt;
            }
            if (peekIs(TokenKind::Close)) {
                error("empty parentheses", t);
                return std::nullopt;
            }
            if (!peek()) {
                error("missing ')'", t);
                return std::nullopt;
            }
            auto inner = parseOr(depth + 1);
            if (!inner)
                return std::nullopt;
            if (!peekIs(TokenKind::Close)) {
                error("missing ')'", t);
                return std::nullopt;
            }
            ++m_pos;
            return inner;
        }
        case TokenKind::Term:
        case TokenKind::Filter: {
            if (++m_terms > kMaxTerms) {
                error("too many search terms (at most 200)", t);
                return std::nullopt;
            }
            QueryNode node;
            node.position = t.position;
            node.length = t.length;
            if (t.kind == TokenKind::Filter) {
                node.kind = QueryNode::Kind::Filter;
                node.filter = t;
            } else {
                node.kind = QueryNode::Kind::Text;
                node.text = t.value;
                node.prefix = t.atEnd && !t.value.quoted;
            }
            return node;
        }
        case TokenKind::Or:
        case TokenKind::And:
        case TokenKind::Close:
            break;
        }
        error("expected a search term", t);
        return std::nullopt;
    }

    const std::vector<Token>& m_tokens;
    std::size_t m_pos = 0;
    int m_terms = 0;
    std::optional<QueryError> m_error;
};

} // namespace

ParseResult parseTokens(const std::vector<Token>& tokens)
{
    return Parser(tokens).run();
}

ParseResult parseQuery(std::string_view text)
{
    LexResult lexed = tokenize(text);
    if (lexed.error)
        return ParseResult {std::nullopt, lexed.error};
    return parseTokens(lexed.tokens);
}

} // namespace stackdeck::query
