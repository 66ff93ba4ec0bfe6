#include "jsonrows.h"

#include "formats/jsonaccess.h"

#include <charconv>
#include <cmath>

namespace stackdeck::store {

void JsonRows::separator()
{
    if (!m_firstInRow)
        m_text += ',';
    m_firstInRow = false;
}

void JsonRows::beginRow()
{
    if (m_rows > 0)
        m_text += ',';
    m_text += '[';
    m_firstInRow = true;
}

void JsonRows::endRow()
{
    m_text += ']';
    ++m_rows;
}

JsonRows& JsonRows::add(std::int64_t value)
{
    separator();
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    m_text.append(buf, res.ptr);
    return *this;
}

JsonRows& JsonRows::add(double value)
{
    separator();
    if (!std::isfinite(value)) {
        m_text += "null";
        return *this;
    }
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    m_text.append(buf, res.ptr);
    return *this;
}

JsonRows& JsonRows::add(std::string_view text)
{
    separator();
    json::appendJsonString(m_text, text);
    return *this;
}

JsonRows& JsonRows::addNull()
{
    separator();
    m_text += "null";
    return *this;
}

const std::string& JsonRows::text()
{
    if (!m_closed) {
        m_text += ']';
        m_closed = true;
    }
    return m_text;
}

void JsonRows::clear()
{
    m_text = "[";
    m_rows = 0;
    m_firstInRow = true;
    m_closed = false;
}

} // namespace stackdeck::store
