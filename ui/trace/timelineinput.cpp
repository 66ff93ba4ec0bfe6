// The input half of TimelineWidget: mouse, wheel, keys and tooltips.
#include "common/plaintext.h"
#include "timelinewidget.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace stackdeck::ui {

namespace {

constexpr int kDragThreshold = 4;

} // namespace

void TimelineWidget::moveMinimapWindow(double x)
{
    const double f = std::clamp((x - m_map.left) / std::max(1.0, m_map.width), 0.0, 1.0);
    const Micros t = m_map.traceStart + static_cast<Micros>(std::llround(f * static_cast<double>(m_map.traceLength())));
    setMapping(m_map.centredOn(t));
}

void TimelineWidget::mousePressEvent(QMouseEvent* event)
{
    if (!m_trace)
        return;
    m_pressPos = event->position().toPoint();
    m_dragPos = m_pressPos;
    m_pressMap = m_map;
    const bool inBars = m_pressPos.x() > treeWidth();
    if (event->button() == Qt::LeftButton && m_pressPos.y() < kMinimapHeight && inBars) {
        m_drag = Drag::Minimap;
        moveMinimapWindow(m_pressPos.x());
        return;
    }
    if (event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && inBars && (event->modifiers() & Qt::ShiftModifier))) {
        m_drag = Drag::Pan;
        viewport()->setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    const int row = rowAtY(m_pressPos.y());
    const int span = m_rows.spanAt(row);
    if (!inBars && span >= 0 && m_rows.hasChildren(span)) {
        const int indent = 6 + std::min(m_trace->spans[static_cast<std::size_t>(span)].depth, 40) * 12;
        if (m_pressPos.x() >= indent - 3 && m_pressPos.x() <= indent + 10) {
            setCollapsed(span, !m_rows.isCollapsed(span));
            return;
        }
    }
    m_drag = inBars && m_pressPos.y() >= kMinimapHeight ? Drag::Range : Drag::None;
    if (!inBars && span >= 0)
        setSelectedSpan(span);
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    switch (m_drag) {
    case Drag::Minimap:
        moveMinimapWindow(pos.x());
        break;
    case Drag::Pan:
        setMapping(m_pressMap.pannedBy(m_pressPos.x() - pos.x()));
        break;
    case Drag::Range:
        m_dragPos = pos;
        viewport()->update();
        break;
    case Drag::None:
        break;
    }
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const Drag drag = std::exchange(m_drag, Drag::None);
    viewport()->unsetCursor();
    if (drag != Drag::Range)
        return;
    viewport()->update();
    if (std::abs(pos.x() - m_pressPos.x()) > kDragThreshold) {
        setMapping(m_map.zoomedTo(m_map.toTime(m_pressPos.x()), m_map.toTime(pos.x())));
        return;
    }
    // A click: an error marker opens its event, anything else selects the row.
    const int error = errorAt(event->position());
    if (error >= 0) {
        const auto& e = m_trace->errors[static_cast<std::size_t>(error)];
        setSelectedSpan(e.span);
        Q_EMIT errorActivated(qs(e.eventId));
        return;
    }
    const int span = m_rows.spanAt(rowAtY(pos.y()));
    if (span >= 0)
        setSelectedSpan(span);
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int span = m_rows.spanAt(rowAtY(event->position().toPoint().y()));
    if (span >= 0 && errorAt(event->position()) < 0) {
        setSelectedSpan(span);
        Q_EMIT spanActivated(span);
    }
}

void TimelineWidget::wheelEvent(QWheelEvent* event)
{
    const QPointF pos = event->position();
    if (!m_trace || pos.x() <= treeWidth()) {
        QAbstractScrollArea::wheelEvent(event); // over the tree: scroll the rows
        return;
    }
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ShiftModifier || std::abs(delta.x()) > std::abs(delta.y())) {
        const int d = delta.x() != 0 ? delta.x() : delta.y();
        setMapping(m_map.pannedBy(-d / 120.0 * m_map.width / 10));
    } else {
        zoomBy(std::pow(1.25, delta.y() / 120.0), pos.x());
    }
    event->accept();
}

void TimelineWidget::keyPressEvent(QKeyEvent* event)
{
    if (!m_trace || m_trace->spans.empty()) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    const int row = m_rows.rowOf(m_selected);
    const int span = m_selected;
    switch (event->key()) {
    case Qt::Key_Down:
        setSelectedSpan(m_rows.spanAt(std::min(row + 1, m_rows.rowCount() - 1)));
        break;
    case Qt::Key_Up:
        setSelectedSpan(m_rows.spanAt(std::max(row - 1, 0)));
        break;
    case Qt::Key_Home:
        setSelectedSpan(m_rows.spanAt(0));
        break;
    case Qt::Key_End:
        setSelectedSpan(m_rows.spanAt(m_rows.rowCount() - 1));
        break;
    case Qt::Key_PageDown:
    case Qt::Key_PageUp: {
        const int page = std::max(1, (viewport()->height() - headerHeight()) / m_rowHeight - 1);
        const int to = row + (event->key() == Qt::Key_PageDown ? page : -page);
        setSelectedSpan(m_rows.spanAt(std::clamp(to, 0, m_rows.rowCount() - 1)));
        break;
    }
    case Qt::Key_Left:
        if (span >= 0 && m_rows.hasChildren(span) && !m_rows.isCollapsed(span))
            setCollapsed(span, true);
        else if (span >= 0 && m_trace->spans[static_cast<std::size_t>(span)].parent >= 0)
            setSelectedSpan(m_trace->spans[static_cast<std::size_t>(span)].parent);
        break;
    case Qt::Key_Right:
        if (span >= 0 && m_rows.isCollapsed(span))
            setCollapsed(span, false);
        else if (span >= 0 && m_rows.hasChildren(span))
            setSelectedSpan(m_trace->spans[static_cast<std::size_t>(span)].children.front());
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (span >= 0)
            Q_EMIT spanActivated(span);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.5, m_map.left + m_map.width / 2);
        break;
    case Qt::Key_Minus:
        zoomBy(1 / 1.5, m_map.left + m_map.width / 2);
        break;
    case Qt::Key_0:
        resetZoom();
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

int TimelineWidget::breadcrumbAt(QPointF pos) const
{
    if (!m_showBreadcrumbs || pos.y() < kMinimapHeight || pos.y() > headerHeight())
        return -1;
    int best = -1;
    double bestDistance = 5;
    for (std::size_t i = 0; i < m_breadcrumbs.size(); ++i) {
        const int x = breadcrumbTickX(static_cast<int>(i));
        if (x < 0)
            continue;
        const double d = std::abs(x - pos.x());
        if (d <= bestDistance) {
            bestDistance = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

QString TimelineWidget::toolTipAt(QPointF pos) const
{
    if (!m_trace)
        return {};
    const int crumb = breadcrumbAt(pos);
    if (crumb >= 0) {
        const BreadcrumbTick& b = m_breadcrumbs[static_cast<std::size_t>(crumb)];
        QString head = tr("Breadcrumb at +%1").arg(durationText(b.time - m_map.traceStart));
        if (!b.category.empty())
            head += QStringLiteral(" · ") + qs(b.category);
        if (!b.level.empty())
            head += QStringLiteral(" · ") + qs(b.level);
        return head + QLatin1Char('\n') + firstLine(qs(b.message), 300) + tr("\nof event %1").arg(qs(b.eventId));
    }
    const int error = errorAt(pos);
    if (error >= 0) {
        const auto& e = m_trace->errors[static_cast<std::size_t>(error)];
        QString text = tr("Error: %1\nevent %2\n").arg(firstLine(qs(e.title)), qs(e.eventId));
        if (e.onRoot)
            text += e.spanId.empty() ? tr("names no span: shown on the root\n")
                                     : tr("its span %1 is not in the trace: shown on the root\n").arg(qs(e.spanId));
        return text + tr("Click to open the event");
    }
    const int span = m_rows.spanAt(rowAtY(static_cast<int>(pos.y())));
    if (span < 0)
        return {};
    const auto& s = m_trace->spans[static_cast<std::size_t>(span)];
    QString text
        = tr("%1\n%2\nservice %3 · project %4\nstart +%5 · duration %6 · self time %7")
              .arg(qs(s.op), firstLine(qs(s.description), 300), qs(s.service), qs(s.project),
                  durationText(s.start - m_map.traceStart), durationText(s.duration()), durationText(s.selfTime));
    if (!s.status.empty())
        text += tr("\nstatus %1").arg(qs(s.status));
    if (s.critical)
        text += tr("\non the critical path: %1").arg(durationText(s.criticalTime));
    if (s.has(trace::Skewed))
        text += tr("\nclock skew: adjusted to start %1 later").arg(durationText(s.adjustedStart - s.start));
    if (s.has(trace::Orphan))
        text += tr("\norphan: its parent span %1 is not in the trace").arg(qs(s.parentSpanId));
    if (!s.errorEventIds.empty())
        text += tr("\n%n error(s)", nullptr, static_cast<int>(s.errorEventIds.size()));
    for (const store::SpanNote& n : notesOf(span))
        text += tr("\nnote (%1): %2").arg(qs(n.author), firstLine(qs(n.text), 300));
    return text;
}

bool TimelineWidget::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), plainToolTip(text), viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace stackdeck::ui
