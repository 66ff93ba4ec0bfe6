#pragma once

#include "trace/tracemodel.h"

#include <QString>

#include <vector>

namespace stackdeck::ui {

// The rows of a trace's waterfall: its spans in depth-first order, less the
// descendants of collapsed spans. A plain class (no widget), so collapse,
// expand and find are tested on their own. The trace's spans come parents
// first with each subtree contiguous, which is what makes a subtree a range.
class TimelineRows {
public:
    void setTrace(const trace::Trace* trace);

    int rowCount() const { return static_cast<int>(m_visible.size()); }
    int spanAt(int row) const; // -1 outside
    int rowOf(int span) const; // -1 when hidden under a collapsed ancestor
    bool hasChildren(int span) const;
    bool isCollapsed(int span) const;
    void setCollapsed(int span, bool collapsed);
    void setAllCollapsed(bool collapsed);
    // Expands every ancestor of `span` so that it has a row.
    void reveal(int span);
    // One past the last span of `span`'s subtree (subtrees are contiguous).
    int subtreeEnd(int span) const;
    // The earliest start and latest end (recorded times) of `span`'s subtree.
    std::pair<Micros, Micros> subtreeExtent(int span) const;

    // Spans whose op, description, service or span id contain `text`
    // (case-insensitive), in row order; empty text finds nothing.
    std::vector<int> find(const QString& text) const;

private:
    void relayout();

    const trace::Trace* m_trace = nullptr;
    std::vector<char> m_collapsed;
    std::vector<int> m_end;
    std::vector<Micros> m_extentStart;
    std::vector<Micros> m_extentEnd;
    std::vector<int> m_visible;
    std::vector<int> m_rowOfSpan;
};

} // namespace stackdeck::ui
