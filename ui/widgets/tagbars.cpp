#include "tagbars.h"

#include "common/plaintext.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace stackdeck::ui {

namespace {
QColor segmentColor(const QPalette& pal, int i)
{
    QColor base = pal.color(QPalette::Highlight);
    static constexpr int kShift[] = {0, 40, 80, 200, 260};
    int h = base.hsvHue();
    if (h < 0)
        h = 210;
    return QColor::fromHsv((h + kShift[i % 5]) % 360, std::max(90, base.hsvSaturation() - i * 20), base.value());
}
} // namespace

TagBars::TagBars(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

int TagBars::rowHeight() const
{
    return fontMetrics().height() + 8;
}

int TagBars::keyWidth() const
{
    return std::min(width() / 3, fontMetrics().horizontalAdvance(QStringLiteral("environment")) + 12);
}

QSize TagBars::sizeHint() const
{
    return {320, std::max(1, static_cast<int>(m_tags.size())) * rowHeight()};
}

void TagBars::setTags(std::vector<store::TagSummary> tags)
{
    m_tags = std::move(tags);
    setFixedHeight(std::max(1, static_cast<int>(m_tags.size())) * rowHeight());
    update();
}

std::pair<QString, QString> TagBars::hit(const QPoint& pos) const
{
    const int row = pos.y() / rowHeight();
    if (row < 0 || row >= static_cast<int>(m_tags.size()))
        return {};
    const auto& tag = m_tags[static_cast<std::size_t>(row)];
    const int x0 = keyWidth();
    const int barWidth = width() - x0 - 4;
    if (pos.x() < x0 || barWidth <= 0 || tag.total <= 0)
        return {qs(tag.key), {}};
    double x = x0;
    for (const auto& v : tag.topValues) {
        const double w = barWidth * static_cast<double>(v.count) / static_cast<double>(tag.total);
        if (pos.x() >= x && pos.x() < x + w)
            return {qs(tag.key), qs(v.value)};
        x += w;
    }
    return {qs(tag.key), {}};
}

void TagBars::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette& pal = palette();
    const int rh = rowHeight();
    const int x0 = keyWidth();
    const int barWidth = width() - x0 - 4;
    if (m_tags.empty()) {
        p.setPen(pal.color(QPalette::Disabled, QPalette::Text));
        p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("No tags"));
        return;
    }
    for (std::size_t r = 0; r < m_tags.size(); ++r) {
        const auto& tag = m_tags[r];
        const int y = static_cast<int>(r) * rh;
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(0, y, x0 - 6, rh), Qt::AlignLeft | Qt::AlignVCenter,
            fontMetrics().elidedText(qs(tag.key), Qt::ElideRight, x0 - 6));
        const QRectF bar(x0, y + 3, barWidth, rh - 6);
        p.setPen(Qt::NoPen);
        p.setBrush(pal.color(QPalette::Base));
        p.drawRect(bar);
        if (tag.total <= 0 || barWidth <= 0)
            continue;
        double x = bar.left();
        for (std::size_t i = 0; i < tag.topValues.size(); ++i) {
            const auto& v = tag.topValues[i];
            const double w = barWidth * static_cast<double>(v.count) / static_cast<double>(tag.total);
            const QColor c = segmentColor(pal, static_cast<int>(i));
            p.setBrush(c);
            p.drawRect(QRectF(x, bar.top(), std::max(1.0, w - 1), bar.height()));
            if (i == 0 && w > 40) {
                p.setPen(c.lightness() > 140 ? Qt::black : Qt::white);
                const int pct = static_cast<int>(100 * v.count / tag.total);
                const QString label = qs(v.value) + QStringLiteral("  ") + QString::number(pct) + QLatin1Char('%');
                p.drawText(QRectF(x + 4, bar.top(), w - 8, bar.height()),
                    Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                    fontMetrics().elidedText(label, Qt::ElideRight, static_cast<int>(w - 8)));
                p.setPen(Qt::NoPen);
            }
            x += w;
        }
    }
}

void TagBars::mousePressEvent(QMouseEvent* event)
{
    const auto [key, value] = hit(event->position().toPoint());
    if (!key.isEmpty() && !value.isNull())
        Q_EMIT tagClicked(key, value);
}

bool TagBars::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int row = help->pos().y() / rowHeight();
        if (row >= 0 && row < static_cast<int>(m_tags.size())) {
            const auto& tag = m_tags[static_cast<std::size_t>(row)];
            QStringList lines {
                qs(tag.key) + QStringLiteral(" (") + QString::number(tag.total) + QStringLiteral(" events)")};
            for (const auto& v : tag.topValues)
                lines << QStringLiteral("  ") + qs(v.value) + QStringLiteral(": ") + QString::number(v.count);
            lines << tr("Click a value to search for it");
            QToolTip::showText(help->globalPos(), plainToolTip(lines.join(QLatin1Char('\n'))), this);
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace stackdeck::ui
