#include "timelinewidget.h"

#include "common/plaintext.h"

#include <QEvent>
#include <QScrollBar>

#include <algorithm>
#include <cmath>
#include <map>

namespace stackdeck::ui {

TimelineWidget::TimelineWidget(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, viewport(), qOverload<>(&QWidget::update));
    m_rowHeight = fontMetrics().height() + 8;
}

void TimelineWidget::setTrace(std::shared_ptr<const trace::Trace> t)
{
    m_trace = std::move(t);
    m_rows.setTrace(m_trace.get());
    m_selected = -1;
    m_matches.clear();
    m_match = -1;
    const std::size_t n = m_trace ? m_trace->spans.size() : 0;
    m_isMatch.assign(n, 0);
    m_labels.clear();
    m_labels.reserve(n);
    m_critical.assign(n, {});
    m_errorsOf.assign(n, {});
    m_notesOf.assign(n, {});
    m_breadcrumbs.clear();
    Micros start = 0;
    Micros end = 1;
    if (m_trace && n > 0) {
        start = m_trace->spans.front().start;
        end = m_trace->spans.front().end;
        for (const auto& s : m_trace->spans) {
            start = std::min(start, s.start);
            end = std::max(end, s.end);
            m_labels.push_back(qs(s.description.empty() ? s.op : s.op + " \u2014 " + s.description).left(300));
        }
        trace::Trace copy = *m_trace; // the sections are not kept on the trace: work them out on a copy
        for (const auto& section : trace::computeCriticalPath(copy)) {
            if (section.span >= 0 && static_cast<std::size_t>(section.span) < n)
                m_critical[static_cast<std::size_t>(section.span)].push_back(section);
        }
        for (std::size_t e = 0; e < m_trace->errors.size(); ++e) {
            const int span = m_trace->errors[e].span;
            if (span >= 0 && static_cast<std::size_t>(span) < n)
                m_errorsOf[static_cast<std::size_t>(span)].push_back(static_cast<int>(e));
            start = std::min(start, m_trace->errors[e].timestamp);
            end = std::max(end, m_trace->errors[e].timestamp);
        }
    }
    m_map = TimeMapping::covering(start, end, 0, 1);
    m_minimapDirty = true;
    rebuildColors();
    relayout();
    verticalScrollBar()->setValue(0);
    if (n > 0)
        setSelectedSpan(m_trace->root >= 0 ? m_trace->root : 0);
    Q_EMIT findChanged(-1, 0);
    Q_EMIT viewChanged();
}

void TimelineWidget::setBreadcrumbs(std::vector<BreadcrumbTick> ticks)
{
    m_breadcrumbs = std::move(ticks);
    viewport()->update();
}

void TimelineWidget::setBreadcrumbsShown(bool shown)
{
    m_showBreadcrumbs = shown;
    viewport()->update();
}

int TimelineWidget::breadcrumbTickX(int index) const
{
    if (!m_showBreadcrumbs || index < 0 || index >= static_cast<int>(m_breadcrumbs.size()))
        return -1;
    const double x = m_map.toPixel(m_breadcrumbs[static_cast<std::size_t>(index)].time);
    if (x < m_map.left || x > m_map.left + m_map.width)
        return -1;
    return static_cast<int>(std::lround(x));
}

void TimelineWidget::setSpanNotes(const std::vector<store::SpanNote>& notes)
{
    if (!m_trace)
        return;
    m_notesOf.assign(m_trace->spans.size(), {});
    for (const store::SpanNote& n : notes) {
        const int span = m_trace->indexOf(n.spanId);
        if (span >= 0)
            m_notesOf[static_cast<std::size_t>(span)].push_back(n);
    }
    viewport()->update();
}

const std::vector<store::SpanNote>& TimelineWidget::notesOf(int span) const
{
    static const std::vector<store::SpanNote> none;
    if (span < 0 || static_cast<std::size_t>(span) >= m_notesOf.size())
        return none;
    return m_notesOf[static_cast<std::size_t>(span)];
}

QRect TimelineWidget::noteMarkerRect(int row) const
{
    const int span = m_rows.spanAt(row);
    if (span < 0)
        return {};
    const QRect r = rowRect(row);
    return noteMarkerIn(QRect(0, r.top(), treeWidth(), r.height()), span);
}

void TimelineWidget::setColorBy(ColorBy by)
{
    m_colorBy = by;
    rebuildColors();
    viewport()->update();
}

void TimelineWidget::rebuildColors()
{
    m_colors.clear();
    if (!m_trace)
        return;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    std::map<std::string, int> keys;
    for (const auto& s : m_trace->spans)
        keys.emplace(m_colorBy == ColorBy::Service ? s.service : s.op, 0);
    int i = 0;
    for (auto& [key, index] : keys)
        index = i++;
    m_colors.reserve(m_trace->spans.size());
    for (const auto& s : m_trace->spans) {
        const int index = keys[m_colorBy == ColorBy::Service ? s.service : s.op];
        const int hue = static_cast<int>(std::lround(index * 137.508)) % 360; // the golden angle spreads neighbours
        m_colors.push_back(dark ? QColor::fromHsl(hue, 140, 120) : QColor::fromHsl(hue, 150, 150));
    }
}

QColor TimelineWidget::colorOf(int span) const
{
    return span >= 0 && static_cast<std::size_t>(span) < m_colors.size() ? m_colors[static_cast<std::size_t>(span)]
                                                                         : QColor();
}

int TimelineWidget::treeWidth() const
{
    return std::clamp(viewport()->width() * 35 / 100, std::min(180, viewport()->width() / 2), 460);
}

void TimelineWidget::relayout()
{
    m_map.left = treeWidth() + 8;
    m_map.width = std::max(1, viewport()->width() - treeWidth() - 16 - 90); // room for the duration label
    updateScrollBar();
    viewport()->update();
}

void TimelineWidget::updateScrollBar()
{
    const int lanes = std::max(0, viewport()->height() - headerHeight());
    verticalScrollBar()->setRange(0, std::max(0, m_rows.rowCount() * m_rowHeight - lanes));
    verticalScrollBar()->setSingleStep(m_rowHeight);
    verticalScrollBar()->setPageStep(std::max(m_rowHeight, lanes));
}

void TimelineWidget::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void TimelineWidget::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        m_minimapDirty = true;
        rebuildColors();
        viewport()->update();
    } else if (event->type() == QEvent::FontChange) {
        m_rowHeight = fontMetrics().height() + 8;
        relayout();
    }
}

void TimelineWidget::setMapping(const TimeMapping& mapping)
{
    TimeMapping m = mapping;
    m.left = m_map.left;
    m.width = m_map.width;
    if (m == m_map)
        return;
    m_map = m;
    viewport()->update();
    Q_EMIT viewChanged();
}

void TimelineWidget::zoomBy(double factor, double anchorX)
{
    setMapping(m_map.zoomedAt(anchorX, factor));
}

void TimelineWidget::resetZoom()
{
    setMapping(m_map.reset());
}

void TimelineWidget::setSelectedSpan(int span)
{
    if (!m_trace || span < -1 || span >= static_cast<int>(m_trace->spans.size()))
        return;
    if (span >= 0) {
        const int before = m_rows.rowCount();
        m_rows.reveal(span);
        if (m_rows.rowCount() != before)
            updateScrollBar();
        ensureRowVisible(m_rows.rowOf(span));
    }
    if (span == m_selected)
        return;
    m_selected = span;
    viewport()->update();
    Q_EMIT selectedSpanChanged(span);
}

void TimelineWidget::setCollapsed(int span, bool collapsed)
{
    m_rows.setCollapsed(span, collapsed);
    if (collapsed && m_selected > span && m_selected < m_rows.subtreeEnd(span))
        setSelectedSpan(span);
    updateScrollBar();
    viewport()->update();
}

QRect TimelineWidget::rowRect(int row) const
{
    return QRect(
        0, headerHeight() + row * m_rowHeight - verticalScrollBar()->value(), viewport()->width(), m_rowHeight);
}

int TimelineWidget::rowAtY(int y) const
{
    if (y < headerHeight())
        return -1;
    const int row = (y - headerHeight() + verticalScrollBar()->value()) / m_rowHeight;
    return row < m_rows.rowCount() ? row : -1;
}

void TimelineWidget::ensureRowVisible(int row)
{
    if (row < 0)
        return;
    const int lanes = std::max(m_rowHeight, viewport()->height() - headerHeight());
    const int top = row * m_rowHeight;
    auto* bar = verticalScrollBar();
    if (top < bar->value())
        bar->setValue(top);
    else if (top + m_rowHeight > bar->value() + lanes)
        bar->setValue(top + m_rowHeight - lanes);
}

QPointF TimelineWidget::errorMarkerPos(int errorIndex) const
{
    if (!m_trace || errorIndex < 0 || errorIndex >= static_cast<int>(m_trace->errors.size()))
        return {};
    const auto& e = m_trace->errors[static_cast<std::size_t>(errorIndex)];
    int span = e.span;
    while (span >= 0 && m_rows.rowOf(span) < 0)
        span = m_trace->spans[static_cast<std::size_t>(span)].parent;
    if (span < 0)
        return {};
    const auto& s = m_trace->spans[static_cast<std::size_t>(e.span)];
    const Micros at = e.onRoot ? s.start : std::clamp(e.timestamp, s.start, std::max(s.start, s.end));
    const QRect r = rowRect(m_rows.rowOf(span));
    return QPointF(m_map.toPixel(at), r.center().y() + 0.5);
}

int TimelineWidget::errorAt(QPointF pos) const
{
    if (!m_trace)
        return -1;
    for (std::size_t e = 0; e < m_trace->errors.size(); ++e) {
        const QPointF c = errorMarkerPos(static_cast<int>(e));
        if (!c.isNull() && std::abs(c.x() - pos.x()) <= 7 && std::abs(c.y() - pos.y()) <= 7)
            return static_cast<int>(e);
    }
    return -1;
}

void TimelineWidget::setFindText(const QString& text)
{
    m_matches = m_rows.find(text);
    std::fill(m_isMatch.begin(), m_isMatch.end(), 0);
    for (const int s : m_matches)
        m_isMatch[static_cast<std::size_t>(s)] = 1;
    m_match = -1;
    viewport()->update();
    Q_EMIT findChanged(m_match, findCount());
}

void TimelineWidget::showFound()
{
    const int span = m_matches[static_cast<std::size_t>(m_match)];
    setSelectedSpan(span);
    const auto& s = m_trace->spans[static_cast<std::size_t>(span)];
    if (s.end < m_map.viewStart || s.start > m_map.viewEnd)
        setMapping(m_map.centredOn(s.start + s.duration() / 2));
}

void TimelineWidget::findNext()
{
    if (m_matches.empty())
        return;
    m_match = (m_match + 1) % findCount();
    showFound();
    Q_EMIT findChanged(m_match, findCount());
}

void TimelineWidget::findPrevious()
{
    if (m_matches.empty())
        return;
    m_match = m_match <= 0 ? findCount() - 1 : m_match - 1;
    showFound();
    Q_EMIT findChanged(m_match, findCount());
}

} // namespace stackdeck::ui
