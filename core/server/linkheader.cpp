#include "linkheader.h"

#include <QStringList>

namespace stackdeck::server {
namespace {

constexpr qsizetype kMaxHeader = 16 * 1024;
constexpr std::size_t kMaxEntries = 16;

class Scanner {
public:
    explicit Scanner(const QByteArray& text)
        : m_text(text)
    {
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n'))
            ++m_pos;
    }
    bool take(char c)
    {
        skipSpace();
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    // Up to (not including) `end`; false when it never comes.
    bool until(char end, QByteArray& out)
    {
        const qsizetype at = m_text.indexOf(end, m_pos);
        if (at < 0)
            return false;
        out = m_text.mid(m_pos, at - m_pos);
        m_pos = at + 1;
        return true;
    }
    QByteArray token()
    {
        skipSpace();
        const qsizetype from = m_pos;
        while (!atEnd() && peek() != '=' && peek() != ';' && peek() != ',' && peek() != ' ' && peek() != '"')
            ++m_pos;
        return m_text.mid(from, m_pos - from);
    }
    // A quoted string (with backslash escapes) or a bare token.
    bool value(QByteArray& out)
    {
        skipSpace();
        if (peek() != '"') {
            out = token();
            return true;
        }
        ++m_pos;
        out.clear();
        while (!atEnd()) {
            char c = m_text[m_pos++];
            if (c == '"')
                return true;
            if (c == '\\' && !atEnd())
                c = m_text[m_pos++];
            out.append(c);
        }
        return false;
    }

private:
    const QByteArray& m_text;
    qsizetype m_pos = 0;
};

} // namespace

std::vector<LinkEntry> parseLinkHeader(const QByteArray& header)
{
    std::vector<LinkEntry> out;
    if (header.size() > kMaxHeader)
        return out;
    Scanner s(header);
    while (out.size() < kMaxEntries) {
        s.skipSpace();
        if (s.atEnd() || !s.take('<'))
            break;
        LinkEntry entry;
        QByteArray url;
        if (!s.until('>', url))
            break;
        entry.url = QString::fromUtf8(url);
        bool ok = true;
        while (s.take(';')) {
            const QByteArray name = s.token().toLower();
            QByteArray value;
            if (!s.take('=') || !s.value(value)) {
                ok = false;
                break;
            }
            if (name == "rel")
                entry.rel = QString::fromUtf8(value);
            else if (name == "results")
                entry.results = value.toLower() != "false";
            else if (name == "cursor")
                entry.cursor = QString::fromUtf8(value);
        }
        if (!ok)
            break;
        out.push_back(std::move(entry));
        if (!s.take(','))
            break;
    }
    return out;
}

std::optional<LinkEntry> nextPage(const std::vector<LinkEntry>& entries)
{
    for (const auto& e : entries) {
        if (e.rel.split(QLatin1Char(' ')).contains(QLatin1String("next")))
            return e.results && !e.cursor.isEmpty() ? std::optional<LinkEntry>(e) : std::nullopt;
    }
    return std::nullopt;
}

} // namespace stackdeck::server
