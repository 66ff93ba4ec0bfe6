// The painting half of TimelineWidget: minimap, axis, rows (tree cell and bar).
#include "timelinewidget.h"

#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace stackdeck::ui {

namespace {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor errorColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(255, 99, 99) : QColor(200, 30, 30);
}

QColor breadcrumbColor(const QPalette& palette, const std::string& level)
{
    if (level == "error" || level == "fatal")
        return errorColor(palette);
    if (level == "warning")
        return isDark(palette) ? QColor(255, 190, 80) : QColor(205, 120, 0);
    return isDark(palette) ? QColor(120, 180, 255) : QColor(30, 100, 200);
}

QColor noteColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(240, 200, 70) : QColor(230, 170, 0);
}

QColor criticalColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(255, 255, 255, 200) : QColor(20, 20, 20, 200);
}

} // namespace

void TimelineWidget::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    const QRect all = viewport()->rect();
    p.fillRect(all, palette().color(QPalette::Base));
    if (!m_trace || m_trace->spans.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(all, Qt::AlignCenter, tr("No trace"));
        return;
    }
    const int tree = treeWidth();
    paintMinimap(p, QRect(0, 0, all.width(), kMinimapHeight));
    paintAxis(p, QRect(tree, kMinimapHeight, all.width() - tree, kAxisHeight));
    paintRows(p, QRect(0, headerHeight(), all.width(), all.height() - headerHeight()));
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(tree, kMinimapHeight, tree, all.height());
    if (m_drag == Drag::Range) {
        const int x0 = std::min(m_pressPos.x(), m_dragPos.x());
        const int x1 = std::max(m_pressPos.x(), m_dragPos.x());
        QColor band = palette().color(QPalette::Highlight);
        band.setAlpha(60);
        p.fillRect(QRect(x0, kMinimapHeight, x1 - x0, all.height()), band);
    }
}

void TimelineWidget::rebuildMinimap(const QSize& size)
{
    // Every span in depth-first order, its row squeezed to the minimap's
    // height: spans that share a pixel add up, so 10,000 spans cost one pass
    // and one image, not 10,000 rectangles.
    const int w = std::max(1, size.width());
    const int h = std::max(1, size.height());
    std::vector<int> density(static_cast<std::size_t>(w + 1) * static_cast<std::size_t>(h), 0);
    const TimeMapping whole = TimeMapping::covering(m_map.traceStart, m_map.traceEnd, 0, w);
    const auto& spans = m_trace->spans;
    const double perRow = static_cast<double>(h) / static_cast<double>(std::max<std::size_t>(1, spans.size()));
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const int y = std::min(h - 1, static_cast<int>(static_cast<double>(i) * perRow));
        const int x0 = std::clamp(static_cast<int>(whole.toPixel(spans[i].start)), 0, w - 1);
        const int x1 = std::clamp(static_cast<int>(std::ceil(whole.toPixel(spans[i].end))), x0 + 1, w);
        int* line = density.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w + 1);
        line[x0] += 1;
        line[x1] -= 1;
    }
    const int rowsPerPixel = std::max(1, static_cast<int>(std::ceil(1.0 / perRow)));
    m_minimap = QImage(w, h, QImage::Format_ARGB32_Premultiplied);
    m_minimap.fill(Qt::transparent);
    const QColor ink = palette().color(QPalette::Text);
    for (int y = 0; y < h; ++y) {
        const int* line = density.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w + 1);
        auto* out = reinterpret_cast<QRgb*>(m_minimap.scanLine(y));
        int running = 0;
        for (int x = 0; x < w; ++x) {
            running += line[x];
            if (running <= 0)
                continue;
            const int alpha = std::min(255, 70 + 185 * running / rowsPerPixel);
            out[x] = qPremultiply(qRgba(ink.red(), ink.green(), ink.blue(), alpha));
        }
    }
    m_minimapDirty = false;
}

void TimelineWidget::paintMinimap(QPainter& p, const QRect& area)
{
    const int tree = treeWidth();
    p.fillRect(area, palette().color(QPalette::AlternateBase));
    const QRect map(static_cast<int>(m_map.left), area.top() + 3, static_cast<int>(m_map.width), area.height() - 6);
    if (m_minimapDirty || m_minimap.size() != map.size())
        rebuildMinimap(map.size());
    p.drawImage(map.topLeft(), m_minimap);
    const double x0 = map.left()
        + static_cast<double>(m_map.viewStart - m_map.traceStart) * map.width()
            / static_cast<double>(std::max<Micros>(1, m_map.traceLength()));
    const double x1 = map.left()
        + static_cast<double>(m_map.viewEnd - m_map.traceStart) * map.width()
            / static_cast<double>(std::max<Micros>(1, m_map.traceLength()));
    QColor window = palette().color(QPalette::Highlight);
    window.setAlpha(50);
    const QRectF visible(x0, area.top() + 1, std::max(2.0, x1 - x0), area.height() - 2);
    p.fillRect(visible, window);
    p.setPen(palette().color(QPalette::Highlight));
    p.drawRect(visible);
    p.setPen(palette().color(QPalette::Text));
    const auto& root = m_trace->spans[static_cast<std::size_t>(std::max(0, m_trace->root))];
    const QString summary = tr("%1 · %2 spans · %3 errors")
                                .arg(durationText(root.adjustedDuration()))
                                .arg(m_trace->spans.size())
                                .arg(m_trace->errors.size());
    p.drawText(QRect(8, area.top(), tree - 16, area.height()), Qt::AlignVCenter | Qt::AlignLeft,
        fontMetrics().elidedText(summary, Qt::ElideRight, tree - 16));
}

void TimelineWidget::paintAxis(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().color(QPalette::Window));
    const Micros step = m_map.tickStep(90);
    const QColor grid = palette().color(QPalette::Mid);
    p.setPen(palette().color(QPalette::WindowText));
    for (const Micros t : m_map.ticks(90)) {
        const int x = static_cast<int>(std::lround(m_map.toPixel(t)));
        p.setPen(grid);
        p.drawLine(x, area.bottom() - 5, x, area.bottom());
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(x + 3, area.top(), 90, area.height() - 2), Qt::AlignLeft | Qt::AlignVCenter,
            tickLabel(t - m_map.traceStart, step));
    }
    p.setPen(grid);
    p.drawLine(area.left(), area.bottom(), area.right(), area.bottom());
    if (!m_showBreadcrumbs)
        return;
    // Breadcrumbs: a coloured notch hanging from the axis' top edge.
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    for (std::size_t i = 0; i < m_breadcrumbs.size(); ++i) {
        const int x = breadcrumbTickX(static_cast<int>(i));
        if (x < area.left() || x > area.right())
            continue;
        const QColor c = breadcrumbColor(palette(), m_breadcrumbs[i].level);
        p.setPen(QPen(c, 1));
        p.drawLine(x, area.top(), x, area.bottom());
        QPainterPath notch;
        notch.moveTo(x - 4, area.top());
        notch.lineTo(x + 4, area.top());
        notch.lineTo(x, area.top() + 7);
        notch.closeSubpath();
        p.fillPath(notch, c);
    }
    p.restore();
}

QRect TimelineWidget::noteMarkerIn(const QRect& cell, int span) const
{
    if (notesOf(span).empty())
        return {};
    const auto& s = m_trace->spans[static_cast<std::size_t>(span)];
    const QString service = QString::fromUtf8(s.service.data(), static_cast<qsizetype>(s.service.size()));
    const int serviceWidth = std::min(fontMetrics().horizontalAdvance(service) + 8, cell.width() / 3);
    const int size = std::min(12, cell.height() - 6);
    return QRect(cell.right() - serviceWidth - size - 4, cell.center().y() - size / 2, size, size);
}

void TimelineWidget::paintRows(QPainter& p, const QRect& area)
{
    p.save();
    p.setClipRect(area);
    const int scroll = verticalScrollBar()->value();
    const int first = std::max(0, scroll / m_rowHeight);
    const int last = std::min(m_rows.rowCount() - 1, (scroll + area.height()) / m_rowHeight);
    const int tree = treeWidth();
    // Grid lines through all rows, under the bars.
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlpha(60);
    p.setPen(grid);
    for (const Micros t : m_map.ticks(90)) {
        const int x = static_cast<int>(std::lround(m_map.toPixel(t)));
        p.drawLine(x, area.top(), x, area.bottom());
    }
    for (int row = first; row <= last; ++row) {
        const QRect r = rowRect(row);
        const int span = m_rows.spanAt(row);
        if (span == m_selected)
            p.fillRect(r, palette().color(QPalette::Highlight).lighter(isDark(palette()) ? 70 : 170));
        else if (m_isMatch.size() > static_cast<std::size_t>(span) && m_isMatch[static_cast<std::size_t>(span)])
            p.fillRect(r, isDark(palette()) ? QColor(90, 80, 20) : QColor(255, 243, 176));
        else if (row % 2)
            p.fillRect(r, palette().color(QPalette::AlternateBase));
        paintTreeCell(p, QRect(0, r.top(), tree, r.height()), span);
        paintBar(p, QRect(tree + 1, r.top(), r.width() - tree - 1, r.height()), span);
    }
    p.restore();
}

void TimelineWidget::paintTreeCell(QPainter& p, const QRect& cell, int span)
{
    const auto& s = m_trace->spans[static_cast<std::size_t>(span)];
    const int indent = 6 + std::min(s.depth, 40) * 12;
    const int mid = cell.center().y();
    const bool selected = span == m_selected;
    p.setPen(palette().color(selected ? QPalette::HighlightedText : QPalette::Text));
    if (m_rows.hasChildren(span)) {
        QPainterPath arrow;
        if (m_rows.isCollapsed(span)) {
            arrow.moveTo(indent, mid - 4);
            arrow.lineTo(indent + 6, mid);
            arrow.lineTo(indent, mid + 4);
        } else {
            arrow.moveTo(indent - 1, mid - 3);
            arrow.lineTo(indent + 7, mid - 3);
            arrow.lineTo(indent + 3, mid + 3);
        }
        arrow.closeSubpath();
        p.fillPath(arrow, p.pen().color());
    }
    const QRect swatch(indent + 11, mid - 4, 8, 8);
    p.fillRect(swatch, m_colors[static_cast<std::size_t>(span)]);
    const QString service = QString::fromUtf8(s.service.data(), static_cast<qsizetype>(s.service.size()));
    const int serviceWidth = std::min(fontMetrics().horizontalAdvance(service) + 8, cell.width() / 3);
    const QRect marker = noteMarkerIn(cell, span);
    const int markerWidth = marker.isEmpty() ? 0 : marker.width() + 6;
    const QRect text(
        swatch.right() + 5, cell.top(), cell.right() - swatch.right() - 9 - serviceWidth - markerWidth, cell.height());
    if (!marker.isEmpty()) {
        // A note: a small sheet with a folded corner.
        QPainterPath sheet;
        sheet.moveTo(marker.left(), marker.top());
        sheet.lineTo(marker.right() - 3, marker.top());
        sheet.lineTo(marker.right() + 1, marker.top() + 4);
        sheet.lineTo(marker.right() + 1, marker.bottom() + 1);
        sheet.lineTo(marker.left(), marker.bottom() + 1);
        sheet.closeSubpath();
        p.fillPath(sheet, noteColor(palette()));
        const QPen keep = p.pen();
        p.setPen(QPen(palette().color(QPalette::Base), 1));
        p.drawLine(marker.left() + 2, marker.top() + 4, marker.right() - 2, marker.top() + 4);
        p.drawLine(marker.left() + 2, marker.top() + 7, marker.right() - 2, marker.top() + 7);
        p.setPen(keep);
    }
    p.drawText(text, Qt::AlignVCenter | Qt::AlignLeft,
        fontMetrics().elidedText(m_labels[static_cast<std::size_t>(span)], Qt::ElideRight, text.width()));
    p.setPen(palette().color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
    p.drawText(QRect(cell.right() - serviceWidth, cell.top(), serviceWidth - 4, cell.height()),
        Qt::AlignVCenter | Qt::AlignRight, fontMetrics().elidedText(service, Qt::ElideRight, serviceWidth - 4));
}

void TimelineWidget::paintBar(QPainter& p, const QRect& lane, int span)
{
    const auto& s = m_trace->spans[static_cast<std::size_t>(span)];
    const int top = lane.top() + 4;
    const int height = lane.height() - 8;
    const double viewLeft = m_map.left - 2;
    const double viewRight = m_map.left + m_map.width + 2;
    if (m_rows.isCollapsed(span)) {
        // The hidden subtree as a faint band behind the span's own bar.
        const auto [from, to] = m_rows.subtreeExtent(span);
        QColor band = m_colors[static_cast<std::size_t>(span)];
        band.setAlpha(70);
        const double x0 = std::max(viewLeft, m_map.toPixel(from));
        const double x1 = std::min(viewRight, m_map.toPixel(to));
        if (x1 > x0)
            p.fillRect(QRectF(x0, top - 2, std::max(1.0, x1 - x0), height + 4), band);
    }
    const double x0 = m_map.toPixel(s.start);
    const double x1 = m_map.toPixel(s.end);
    if (x1 >= viewLeft && x0 <= viewRight) {
        const double left = std::max(viewLeft, x0);
        const double right = std::min(viewRight, x1);
        const QRectF bar(left, top, std::max(1.0, right - left), height); // sub-pixel spans: a one-pixel tick
        p.fillRect(bar, m_colors[static_cast<std::size_t>(span)]);
        // The critical path, in the span's recorded frame (its sections are adjusted times).
        const Micros shift = s.start - s.adjustedStart;
        for (const auto& section : m_critical[static_cast<std::size_t>(span)]) {
            const double c0 = std::max(left, m_map.toPixel(section.start + shift));
            const double c1 = std::min(right, m_map.toPixel(section.end + shift));
            if (c1 >= c0)
                p.fillRect(QRectF(c0, top + height - 3, std::max(1.0, c1 - c0), 3), criticalColor(palette()));
        }
        if (s.has(trace::Skewed)) {
            p.setPen(QPen(palette().color(QPalette::Text), 1, Qt::DashLine));
            p.drawRect(bar.adjusted(0, -1, 0, 1));
        }
        if (s.has(trace::Orphan) || s.has(trace::SyntheticRoot)) {
            p.setPen(QPen(palette().color(QPalette::Text), 1, Qt::DotLine));
            p.drawRect(bar.adjusted(0, -1, 0, 1));
        }
        const QString label = durationText(s.duration())
            + (s.has(trace::Skewed) ? tr("  clock skew: shifted %1%2")
                                          .arg(s.adjustedStart >= s.start ? QStringLiteral("+") : QString(),
                                              durationText(s.adjustedStart - s.start))
                                    : QString());
        const int labelX = static_cast<int>(right) + 4;
        p.setPen(palette().color(span == m_selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        if (labelX + 40 < lane.right())
            p.drawText(QRect(labelX, lane.top(), lane.right() - labelX, lane.height()), Qt::AlignVCenter, label);
    }
    const QColor red = errorColor(palette());
    for (const int e : m_errorsOf[static_cast<std::size_t>(span)]) {
        const QPointF c = errorMarkerPos(e);
        if (c.x() < viewLeft || c.x() > viewRight)
            continue;
        QPainterPath diamond;
        diamond.moveTo(c.x(), c.y() - 7);
        diamond.lineTo(c.x() + 7, c.y());
        diamond.lineTo(c.x(), c.y() + 7);
        diamond.lineTo(c.x() - 7, c.y());
        diamond.closeSubpath();
        const bool onRoot = m_trace->errors[static_cast<std::size_t>(e)].onRoot;
        // A ring in the base colour keeps the marker apart from a bar of any hue.
        p.setPen(QPen(palette().color(QPalette::Base), 4));
        p.drawPath(diamond);
        p.fillPath(diamond, onRoot ? palette().color(QPalette::Base) : red);
        p.setPen(QPen(red, 1.5));
        p.drawPath(diamond);
    }
}

} // namespace stackdeck::ui
