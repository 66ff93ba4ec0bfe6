#include "timelinerows.h"

#include "common/plaintext.h"

#include <algorithm>

namespace stackdeck::ui {

void TimelineRows::setTrace(const trace::Trace* trace)
{
    m_trace = trace;
    const std::size_t n = trace ? trace->spans.size() : 0;
    m_collapsed.assign(n, 0);
    m_end.assign(n, 0);
    m_extentStart.assign(n, 0);
    m_extentEnd.assign(n, 0);
    // Children follow their parent, so walking backwards finishes every
    // subtree before its root is reached.
    for (std::size_t k = n; k-- > 0;) {
        const auto& s = trace->spans[k];
        int end = static_cast<int>(k) + 1;
        Micros lo = s.start;
        Micros hi = s.end;
        for (int c : s.children) {
            end = std::max(end, m_end[static_cast<std::size_t>(c)]);
            lo = std::min(lo, m_extentStart[static_cast<std::size_t>(c)]);
            hi = std::max(hi, m_extentEnd[static_cast<std::size_t>(c)]);
        }
        m_end[k] = end;
        m_extentStart[k] = lo;
        m_extentEnd[k] = hi;
    }
    relayout();
}

void TimelineRows::relayout()
{
    m_visible.clear();
    const int n = m_trace ? static_cast<int>(m_trace->spans.size()) : 0;
    m_rowOfSpan.assign(static_cast<std::size_t>(n), -1);
    for (int i = 0; i < n;) {
        m_rowOfSpan[static_cast<std::size_t>(i)] = static_cast<int>(m_visible.size());
        m_visible.push_back(i);
        i = m_collapsed[static_cast<std::size_t>(i)] ? m_end[static_cast<std::size_t>(i)] : i + 1;
    }
}

int TimelineRows::spanAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_visible[static_cast<std::size_t>(row)] : -1;
}

int TimelineRows::rowOf(int span) const
{
    return span >= 0 && span < static_cast<int>(m_rowOfSpan.size()) ? m_rowOfSpan[static_cast<std::size_t>(span)] : -1;
}

bool TimelineRows::hasChildren(int span) const
{
    return m_trace && span >= 0 && span < static_cast<int>(m_trace->spans.size())
        && !m_trace->spans[static_cast<std::size_t>(span)].children.empty();
}

bool TimelineRows::isCollapsed(int span) const
{
    return span >= 0 && span < static_cast<int>(m_collapsed.size()) && m_collapsed[static_cast<std::size_t>(span)];
}

void TimelineRows::setCollapsed(int span, bool collapsed)
{
    if (!hasChildren(span) || isCollapsed(span) == collapsed)
        return;
    m_collapsed[static_cast<std::size_t>(span)] = collapsed ? 1 : 0;
    relayout();
}

void TimelineRows::setAllCollapsed(bool collapsed)
{
    for (std::size_t i = 0; i < m_collapsed.size(); ++i)
        m_collapsed[i] = collapsed && hasChildren(static_cast<int>(i)) ? 1 : 0;
    relayout();
}

void TimelineRows::reveal(int span)
{
    if (!m_trace || span < 0 || span >= static_cast<int>(m_trace->spans.size()))
        return;
    bool changed = false;
    for (int p = m_trace->spans[static_cast<std::size_t>(span)].parent; p >= 0;
         p = m_trace->spans[static_cast<std::size_t>(p)].parent) {
        changed = changed || m_collapsed[static_cast<std::size_t>(p)];
        m_collapsed[static_cast<std::size_t>(p)] = 0;
    }
    if (changed)
        relayout();
}

int TimelineRows::subtreeEnd(int span) const
{
    return span >= 0 && span < static_cast<int>(m_end.size()) ? m_end[static_cast<std::size_t>(span)] : span + 1;
}

std::pair<Micros, Micros> TimelineRows::subtreeExtent(int span) const
{
    if (span < 0 || span >= static_cast<int>(m_end.size()))
        return {0, 0};
    return {m_extentStart[static_cast<std::size_t>(span)], m_extentEnd[static_cast<std::size_t>(span)]};
}

std::vector<int> TimelineRows::find(const QString& text) const
{
    std::vector<int> out;
    const QString needle = text.trimmed();
    if (!m_trace || needle.isEmpty())
        return out;
    for (std::size_t i = 0; i < m_trace->spans.size(); ++i) {
        const auto& s = m_trace->spans[i];
        for (const std::string* field : {&s.op, &s.description, &s.service, &s.spanId}) {
            if (qs(*field).contains(needle, Qt::CaseInsensitive)) {
                out.push_back(static_cast<int>(i));
                break;
            }
        }
    }
    return out;
}

} // namespace stackdeck::ui
