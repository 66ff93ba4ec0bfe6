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
    const QRectF labels(plot.left(), plot.bottom() + 1, plot.width(), height() - plot.bottom() - 1);
    // The ends of the range and the scale, as far as they fit: in a narrow pane
    // the dates drop their year, then the scale goes (it is in the tooltips too).
    const QString scale = QStringLiteral("max %1 / %2")
                              .arg(m_max)
                              .arg(m_bucket == TimeAxis::kHour ? QStringLiteral("hour") : QStringLiteral("day"));
    QString from = absoluteTime(axis.from).left(16);
    QString to = absoluteTime(axis.to).left(16);
    const QFontMetricsF fm(font());
    const double gap = fm.horizontalAdvance(QStringLiteral("  "));
    if (fm.horizontalAdvance(from) + fm.horizontalAdvance(to) + gap > labels.width()) {
        from = from.mid(5); // MM-dd HH:mm
        to = to.mid(5);
    }
    p.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, from);
    p.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, to);
    const double ends = std::max(fm.horizontalAdvance(from), fm.horizontalAdvance(to));
    if (2 * (ends + gap) + fm.horizontalAdvance(scale) <= labels.width())
        p.drawText(labels, Qt::AlignHCenter | Qt::AlignVCenter, scale);
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
