#pragma once

#include "timelinerows.h"
#include "timemapping.h"
#include "trace/criticalpath.h"
#include "trace/tracemodel.h"
#include "tracejobs.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QImage>

#include <memory>
#include <vector>

namespace stackdeck::ui {

// The waterfall of one trace, custom-painted: the span tree on the left (op,
// description, service; collapse and expand), bars on a shared time axis on
// the right, coloured by service or op, the critical path drawn over them,
// errors as markers on their spans, skew-adjusted spans marked, a minimap of
// the whole trace with the visible window above the axis.
//
// Wheel over the bars: zoom at the pointer (Shift: pan); drag over the bars:
// zoom to the range; middle-drag: pan; click or drag on the minimap: move the
// window. Keys: Up/Down, Left/Right collapse/expand (or go to the parent or
// first child), Enter for details, +/- zoom, 0 the whole trace.
//
// Painting touches only the rows on screen; the minimap, which shows all the
// spans, merges them into a density image (spans narrower than a pixel
// accumulate in their pixel) that is rebuilt only when its size or the trace
// changes. Bars narrower than a pixel are drawn as one-pixel ticks.
class TimelineWidget : public QAbstractScrollArea {
    Q_OBJECT
public:
    enum class ColorBy { Service, Op };

    explicit TimelineWidget(QWidget* parent = nullptr);

    void setTrace(std::shared_ptr<const trace::Trace> trace);
    const trace::Trace* trace() const { return m_trace.get(); }
    void setColorBy(ColorBy by);
    ColorBy colorBy() const { return m_colorBy; }

    const TimeMapping& mapping() const { return m_map; }
    void setMapping(const TimeMapping& mapping);
    void zoomBy(double factor, double anchorX);
    void resetZoom();

    int selectedSpan() const { return m_selected; }
    void setSelectedSpan(int span); // reveals it, scrolls to it
    const TimelineRows& rows() const { return m_rows; }
    void setCollapsed(int span, bool collapsed);

    // Find: spans whose op, description, service or id contain the text.
    void setFindText(const QString& text);
    int findCount() const { return static_cast<int>(m_matches.size()); }
    int findCurrent() const { return m_match; } // -1 when none is selected
    void findNext();
    void findPrevious();

    // The breadcrumbs of the trace's errors as ticks on the time axis
    // (coloured by level, text in their tooltips); shown by default.
    void setBreadcrumbs(std::vector<BreadcrumbTick> ticks);
    void setBreadcrumbsShown(bool shown);
    bool breadcrumbsShown() const { return m_showBreadcrumbs; }
    const std::vector<BreadcrumbTick>& breadcrumbs() const { return m_breadcrumbs; }
    int breadcrumbTickX(int index) const; // viewport x of its tick; -1 when hidden or out of view
    // Notes written on spans: a marker on their rows, their texts in the tooltip.
    void setSpanNotes(const std::vector<store::SpanNote>& notes);
    const std::vector<store::SpanNote>& notesOf(int span) const;
    QRect noteMarkerRect(int row) const; // in viewport coordinates; empty when its span has no note

    // Geometry, for tests and the benchmark.
    int rowHeight() const { return m_rowHeight; }
    int headerHeight() const { return kMinimapHeight + kAxisHeight; }
    int treeWidth() const;
    QRect rowRect(int row) const; // in viewport coordinates
    QPointF errorMarkerPos(int errorIndex) const; // centre of an error's marker
    QColor colorOf(int span) const;

Q_SIGNALS:
    void selectedSpanChanged(int span);
    void spanActivated(int span); // Enter or a double click: show its details
    void errorActivated(const QString& eventId);
    void findChanged(int current, int total);
    void viewChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    static constexpr int kMinimapHeight = 34;
    static constexpr int kAxisHeight = 22;
    enum class Drag { None, Range, Pan, Minimap };

    void relayout();
    void updateScrollBar();
    void rebuildColors();
    void ensureRowVisible(int row);
    int rowAtY(int y) const;
    int errorAt(QPointF pos) const;
    QString toolTipAt(QPointF pos) const;
    int breadcrumbAt(QPointF pos) const;
    QRect noteMarkerIn(const QRect& cell, int span) const;
    void moveMinimapWindow(double x);
    void showFound();

    void paintMinimap(QPainter& p, const QRect& area);
    void paintAxis(QPainter& p, const QRect& area);
    void paintRows(QPainter& p, const QRect& area);
    void paintTreeCell(QPainter& p, const QRect& cell, int span);
    void paintBar(QPainter& p, const QRect& lane, int span);
    void rebuildMinimap(const QSize& size);

    std::shared_ptr<const trace::Trace> m_trace;
    TimelineRows m_rows;
    TimeMapping m_map;
    ColorBy m_colorBy = ColorBy::Service;
    std::vector<QColor> m_colors; // per span
    std::vector<QString> m_labels; // per span: "op — description"
    std::vector<std::vector<trace::CriticalSection>> m_critical; // per span
    std::vector<std::vector<int>> m_errorsOf; // per span: indices into trace->errors
    std::vector<BreadcrumbTick> m_breadcrumbs;
    bool m_showBreadcrumbs = true;
    std::vector<std::vector<store::SpanNote>> m_notesOf; // per span
    std::vector<int> m_matches;
    std::vector<char> m_isMatch;
    int m_match = -1;
    int m_selected = -1;
    int m_rowHeight = 20;

    QImage m_minimap;
    bool m_minimapDirty = true;

    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    QPoint m_dragPos;
    TimeMapping m_pressMap;
};

} // namespace stackdeck::ui
