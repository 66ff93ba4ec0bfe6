#include "histogramwidget.h"

#include "common/timeformat.h"

#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace stackdeck::ui {

HistogramWidget::HistogramWidget(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFixedHeight(84);
}

void HistogramWidget::setData(const TimeAxis& axis, Micros bucket, std::vector<std::int64_t> counts)
{
    m_axis = axis;
    m_bucket = bucket;
    m_counts = std::move(counts);
    m_max = 0;
    for (auto c : m_counts)
        m_max = std::max(m_max, c);
    m_hover = -1;
    update();
}

void HistogramWidget::clear()
{
    setData({}, TimeAxis::kHour, {});
}

QRectF HistogramWidget::plotRect() const
{
    const int labelHeight = fontMetrics().height() + 2;
    return QRectF(2, 4, width() - 4, height() - 4 - labelHeight);
}

void HistogramWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette& pal = palette();
    const QRectF plot = plotRect();
    p.setPen(Qt::NoPen);
    p.setBrush(pal.color(QPalette::Base));
    p.drawRect(plot);
    if (m_counts.empty() || m_max == 0) {
        p.setPen(pal.color(QPalette::Disabled, QPalette::Text));
        p.drawText(plot, Qt::AlignCenter, tr("No events in this range"));
        return;
    }
    TimeAxis axis = m_axis;
    axis.left = plot.left();
    axis.width = plot.width();
    const QColor bar = pal.color(QPalette::Highlight);
    QColor hover = bar.lighter(130);
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        const Micros start = axis.from + static_cast<Micros>(i) * m_bucket;
        const double x0 = axis.toPixel(start);
        const double x1 = axis.toPixel(start + m_bucket);
        const double w = std::max(1.0, x1 - x0 - (x1 - x0 > 3 ? 1.0 : 0.0));
        const double h = std::max(1.0, plot.height() * static_cast<double>(m_counts[i]) / static_cast<double>(m_max));
        p.setBrush(static_cast<int>(i) == m_hover ? hover : bar);
        p.drawRect(QRectF(x0, plot.bottom() - h, w, h));
    }
    p.setPen(pal.color(QPalette::Disabled, QPalette::Text));
    // The scale in the plot's top-left corner, on a veil of the base colour so a bar under it does not hide it.
    const QString scale = tr("max %1 / %2").arg(m_max).arg(bucketName(m_bucket));
    const QFontMetricsF fm(font());
    const QRectF scaleRect(plot.left() + 2, plot.top() + 1, fm.horizontalAdvance(scale) + 4, fm.height());
    QColor veil = pal.color(QPalette::Base);
    veil.setAlpha(200);
    p.fillRect(scaleRect, veil);
    p.drawText(scaleRect, Qt::AlignCenter, scale);
    const QRectF labels(plot.left(), plot.bottom() + 1, plot.width(), height() - plot.bottom() - 1);
    const auto ticks = axisTicks(axis, m_bucket, fm);
    if (ticks.empty())
        return;
    // The ends sit against the edges; a middle label is drawn only where it clears its neighbours.
    const double gap = fm.horizontalAdvance(QStringLiteral("  "));
    const double lastLeft = labels.right() - fm.horizontalAdvance(ticks.back().label);
    double right = labels.left();
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        const double x = axis.toPixel(ticks[i].at);
        const double w = fm.horizontalAdvance(ticks[i].label);
        double left = x - w / 2;
        if (i == 0) {
            left = labels.left();
        } else if (i + 1 == ticks.size()) {
            left = lastLeft;
        } else {
            if (left < right + gap || left + w > lastLeft - gap)
                continue;
            p.drawLine(QPointF(x, plot.bottom() - 3), QPointF(x, plot.bottom()));
        }
        p.drawText(
            QRectF(left, labels.top(), w + 1, labels.height()), Qt::AlignLeft | Qt::AlignVCenter, ticks[i].label);
        right = left + w;
    }
}

QString HistogramWidget::bucketName(Micros bucket)
{
    if (bucket == TimeAxis::kHour)
        return tr("hour");
    if (bucket == TimeAxis::kDay)
        return tr("day");
    return tr("%1 hours").arg(bucket / TimeAxis::kHour);
}

QString HistogramWidget::tickLabel(Micros at, Micros span)
{
    const QString full = absoluteTime(at); // yyyy-MM-dd HH:mm:ss UTC
    if (span <= TimeAxis::kDay)
        return full.mid(11, 5); // HH:mm
    if (span < TimeAxis::kZoomBelow + 2 * TimeAxis::kDay)
        return full.mid(5, 11); // MM-dd HH:mm
    return full.left(10); // yyyy-MM-dd
}

std::vector<HistogramWidget::Tick> HistogramWidget::axisTicks(
    const TimeAxis& axis, Micros bucket, const QFontMetricsF& fm)
{
    std::vector<Tick> out;
    const Micros span = axis.to - axis.from;
    if (span <= 0 || bucket <= 0)
        return out;
    // As many evenly spaced labels (on bucket boundaries) as fit with room between them, 2 to 7.
    const double labelWidth
        = fm.horizontalAdvance(tickLabel(axis.from, span)) + fm.horizontalAdvance(QStringLiteral("    "));
    const int fit = static_cast<int>(axis.width / std::max(1.0, labelWidth));
    const int count = std::clamp(fit, 2, 7);
    if (fit < 2) {
        out.push_back({axis.from, tickLabel(axis.from, span).right(5)});
        out.push_back({axis.to, tickLabel(axis.to, span).right(5)});
        return out;
    }
    Micros last = axis.from - 1;
    for (int i = 0; i < count; ++i) {
        Micros at = axis.from + span * i / (count - 1);
        if (i > 0 && i + 1 < count)
            at = axis.from + (at - axis.from + bucket / 2) / bucket * bucket;
        if (at <= last)
            continue;
        last = at;
        out.push_back({at, tickLabel(at, span)});
    }
    return out;
}

void HistogramWidget::mouseMoveEvent(QMouseEvent* event)
{
    TimeAxis axis = m_axis;
    const QRectF plot = plotRect();
    axis.left = plot.left();
    axis.width = plot.width();
    const int bucket = axis.bucketAt(event->position().x(), m_bucket);
    if (bucket != m_hover) {
        m_hover = bucket >= 0 && bucket < static_cast<int>(m_counts.size()) ? bucket : -1;
        update();
    }
    if (m_hover >= 0) {
        const Micros start = axis.from + static_cast<Micros>(m_hover) * m_bucket;
        QToolTip::showText(event->globalPosition().toPoint(),
            QStringLiteral("%1 events\n%2").arg(m_counts[static_cast<std::size_t>(m_hover)]).arg(absoluteTime(start)),
            this);
    }
}

void HistogramWidget::leaveEvent(QEvent*)
{
    m_hover = -1;
    update();
}

} // namespace stackdeck::ui
