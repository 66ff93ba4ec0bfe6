// A minimal scanner over the top level of `frame.data`. Only three keys
// matter to grouping and most frames carry none of them, so a full JSON
// parse per frame would dominate the cost of grouping JavaScript events.

#include "groupingframe.h"

namespace stackdeck::grouping {

namespace {

class Scanner {
public:
    explicit Scanner(std::string_view s)
        : m_s(s)
    {
    }

    bool parseObject(FrameDataInfo& out)
    {
        skipWs();
        if (!eat('{'))
            return false;
        skipWs();
        if (eat('}'))
            return true;
        for (;;) {
            skipWs();
            std::string_view key;
            bool escaped = false;
            if (!readString(key, escaped))
                return false;
            skipWs();
            if (!eat(':'))
                return false;
            skipWs();
            const std::size_t valueStart = m_pos;
            if (!skipValue())
                return false;
            const std::string_view value = m_s.substr(valueStart, m_pos - valueStart);
            if (!escaped)
                take(key, value, out);
            skipWs();
            if (eat(','))
                continue;
            return eat('}');
        }
    }

private:
    static void take(std::string_view key, std::string_view value, FrameDataInfo& out)
    {
        if (key == "sourcemap") {
            out.sourcemap = value != "null";
        } else if (key == "category") {
            if (value.size() >= 2 && value.front() == '"' && value.find('\\') == std::string_view::npos)
                out.category = value.substr(1, value.size() - 2);
        } else if (key == "orig_in_app") {
            if (value == "true" || value == "1")
                out.origInApp = 1;
            else if (value == "false" || value == "0")
                out.origInApp = 0;
            else if (value == "-1" || value == "null")
                out.origInApp = -1;
        }
    }

    bool eat(char c)
    {
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    void skipWs()
    {
        while (
            m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\n' || m_s[m_pos] == '\t' || m_s[m_pos] == '\r'))
            ++m_pos;
    }
    bool readString(std::string_view& out, bool& escaped)
    {
        if (!eat('"'))
            return false;
        const std::size_t start = m_pos;
        while (m_pos < m_s.size() && m_s[m_pos] != '"') {
            if (m_s[m_pos] == '\\') {
                escaped = true;
                ++m_pos;
            }
            ++m_pos;
        }
        if (m_pos >= m_s.size())
            return false;
        out = m_s.substr(start, m_pos - start);
        ++m_pos;
        return true;
    }
    bool skipValue()
    {
        if (m_pos >= m_s.size())
            return false;
        const char c = m_s[m_pos];
        if (c == '"') {
            std::string_view ignored;
            bool escaped = false;
            return readString(ignored, escaped);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (m_pos < m_s.size()) {
                const char d = m_s[m_pos];
                if (d == '"') {
                    std::string_view ignored;
                    bool escaped = false;
                    if (!readString(ignored, escaped))
                        return false;
                    continue;
                }
                if (d == '{' || d == '[')
                    ++depth;
                else if (d == '}' || d == ']')
                    --depth;
                ++m_pos;
                if (depth == 0)
                    return true;
            }
            return false;
        }
        while (m_pos < m_s.size() && m_s[m_pos] != ',' && m_s[m_pos] != '}' && m_s[m_pos] != ' ' && m_s[m_pos] != '\n'
            && m_s[m_pos] != '\t' && m_s[m_pos] != '\r')
            ++m_pos;
        return true;
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
};

} // namespace

FrameDataInfo parseFrameData(std::string_view json)
{
    FrameDataInfo info;
    if (json.size() < 2)
        return info;
    if (json.find("sourcemap") == std::string_view::npos && json.find("category") == std::string_view::npos
        && json.find("orig_in_app") == std::string_view::npos)
        return info;
    FrameDataInfo parsed;
    if (Scanner(json).parseObject(parsed))
        return parsed;
    return info;
}

} // namespace stackdeck::grouping
