#include "jsonreindent.h"

#include <algorithm>

namespace stackdeck::ui {

namespace {

constexpr std::string_view kSpaces = "                                                                ";

class Reindenter {
public:
    Reindenter(std::string_view text, std::size_t maxHead, int maxDepth)
        : m_in(text)
        , m_maxHead(maxHead)
        , m_maxDepth(maxDepth)
    {
    }

    std::optional<ReindentedJson> run()
    {
        skipSpace();
        if (!value(0))
            return std::nullopt;
        skipSpace();
        if (m_pos != m_in.size())
            return std::nullopt;
        ReindentedJson out;
        out.totalSize = m_total;
        if (m_total > m_maxHead) {
            std::size_t cut = m_out.rfind('\n', m_maxHead);
            if (cut == std::string::npos || cut == 0) {
                cut = m_maxHead;
                while (cut > 0 && (static_cast<unsigned char>(m_out[cut]) & 0xC0) == 0x80)
                    --cut; // not inside a UTF-8 sequence
            }
            m_out.resize(cut);
        }
        out.head = std::move(m_out);
        return out;
    }

private:
    // Output is counted to the end but kept only while it can still be part of the head.
    void put(std::string_view s)
    {
        m_total += s.size();
        if (m_out.size() > m_maxHead)
            return;
        const std::size_t room = m_maxHead - m_out.size(); // one byte past the cap shows a line ends there
        m_out.append(s.substr(0, room < s.size() ? room + 1 : s.size()));
    }
    void put(char c) { put(std::string_view(&c, 1)); }

    void newline(int depth)
    {
        put('\n');
        for (auto n = static_cast<std::size_t>(depth) * 2; n > 0;) {
            const std::size_t chunk = std::min(n, kSpaces.size());
            put(kSpaces.substr(0, chunk));
            n -= chunk;
        }
    }

    void skipSpace()
    {
        while (m_pos < m_in.size()) {
            const char c = m_in[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                return;
            ++m_pos;
        }
    }

    bool peek(char c) const { return m_pos < m_in.size() && m_in[m_pos] == c; }

    bool value(int depth)
    {
        if (m_pos >= m_in.size())
            return false;
        switch (m_in[m_pos]) {
        case '{':
            return container(depth, '}', true);
        case '[':
            return container(depth, ']', false);
        case '"':
            return string();
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    bool container(int depth, char close, bool object)
    {
        if (depth >= m_maxDepth)
            return false;
        put(m_in[m_pos++]);
        skipSpace();
        if (peek(close)) {
            ++m_pos;
            put(close);
            return true;
        }
        for (;;) {
            newline(depth + 1);
            if (object) {
                if (!peek('"') || !string())
                    return false;
                skipSpace();
                if (!peek(':'))
                    return false;
                ++m_pos;
                put(": ");
                skipSpace();
            }
            if (!value(depth + 1))
                return false;
            skipSpace();
            if (peek(',')) {
                ++m_pos;
                put(',');
                skipSpace();
                continue;
            }
            if (!peek(close))
                return false;
            ++m_pos;
            newline(depth);
            put(close);
            return true;
        }
    }

    static bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

    bool string()
    {
        const std::size_t start = m_pos++;
        while (m_pos < m_in.size()) {
            const auto c = static_cast<unsigned char>(m_in[m_pos]);
            if (c == '"') {
                ++m_pos;
                put(m_in.substr(start, m_pos - start));
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (m_pos + 1 >= m_in.size())
                    return false;
                const char e = m_in[m_pos + 1];
                if (e == 'u') {
                    if (m_pos + 6 > m_in.size())
                        return false;
                    for (std::size_t k = 2; k < 6; ++k) {
                        if (!isHex(m_in[m_pos + k]))
                            return false;
                    }
                    m_pos += 6;
                    continue;
                }
                if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos)
                    return false;
                m_pos += 2;
                continue;
            }
            ++m_pos;
        }
        return false;
    }

    bool literal(std::string_view word)
    {
        if (m_in.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        put(word);
        return true;
    }

    bool digits()
    {
        const std::size_t start = m_pos;
        while (m_pos < m_in.size() && m_in[m_pos] >= '0' && m_in[m_pos] <= '9')
            ++m_pos;
        return m_pos > start;
    }

    bool number()
    {
        const std::size_t start = m_pos;
        if (peek('-'))
            ++m_pos;
        if (peek('0'))
            ++m_pos;
        else if (!digits())
            return false;
        if (peek('.')) {
            ++m_pos;
            if (!digits())
                return false;
        }
        if (peek('e') || peek('E')) {
            ++m_pos;
            if (peek('+') || peek('-'))
                ++m_pos;
            if (!digits())
                return false;
        }
        put(m_in.substr(start, m_pos - start));
        return true;
    }

    std::string_view m_in;
    std::size_t m_pos = 0;
    std::size_t m_maxHead;
    int m_maxDepth;
    std::string m_out;
    std::size_t m_total = 0;
};

} // namespace

std::optional<ReindentedJson> reindentJson(std::string_view text, std::size_t maxHead, int maxDepth)
{
    return Reindenter(text, maxHead, maxDepth).run();
}

} // namespace stackdeck::ui
