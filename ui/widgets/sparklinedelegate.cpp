#include "sparklinedelegate.h"

#include "itemmodels/issuelistmodel.h"

#include <QApplication>
#include <QPainter>

namespace stackdeck::ui {

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const auto* values = static_cast<const std::int32_t*>(index.data(IssueListModel::TrendRole).value<const void*>());
    if (!values)
        return;
    std::int32_t max = 0;
    for (int i = 0; i < store::kSparklineDays; ++i)
        max = std::max(max, values[i]);
    const QRectF area = QRectF(option.rect).adjusted(6, 8, -6, -8);
    const bool selected = option.state & QStyle::State_Selected;
    const QColor bar = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight);
    const QColor base = option.palette.color(QPalette::Disabled, QPalette::Text);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(Qt::NoPen);
    const double step = area.width() / store::kSparklineDays;
    for (int i = 0; i < store::kSparklineDays; ++i) {
        const double x = area.left() + step * i;
        if (values[i] == 0 || max == 0) {
            painter->setBrush(base);
            painter->drawRect(QRectF(x, area.bottom() - 1, std::max(1.0, step - 1), 1));
            continue;
        }
        const double h = std::max(2.0, area.height() * values[i] / max);
        painter->setBrush(bar);
        painter->drawRect(QRectF(x, area.bottom() - h, std::max(1.0, step - 1), h));
    }
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const
{
    return {110, 40};
}

void IconDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    opt.features &= ~(QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration);
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const QIcon icon = qvariant_cast<QIcon>(index.data(Qt::DecorationRole));
    const QRect r = QStyle::alignedRect(option.direction, Qt::AlignCenter, QSize(14, 14), option.rect);
    icon.paint(painter, r);
}

IssueTitleDelegate::IssueTitleDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

void IssueTitleDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString title = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect r = option.rect.adjusted(6, 3, -6, -3);
    const bool selected = option.state & QStyle::State_Selected;
    updateFonts(option.font);
    const QFontMetrics& boldMetrics = *m_boldMetrics;
    const QFontMetrics& metrics = *m_metrics;
    const int lineHeight = r.height() / 2;
    painter->save();
    painter->setFont(m_bold);
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(r.left(), r.top(), r.width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
        boldMetrics.elidedText(title, Qt::ElideRight, r.width()));
    painter->setFont(option.font);
    QColor muted = option.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText);
    painter->setPen(muted);
    const QString culprit = index.data(IssueListModel::CulpritRole).toString();
    painter->drawText(QRect(r.left(), r.top() + lineHeight, r.width(), r.height() - lineHeight),
        Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(culprit, Qt::ElideMiddle, r.width()));
    painter->restore();
}

void IssueTitleDelegate::updateFonts(const QFont& base) const
{
    if (m_metrics && base == m_base)
        return;
    m_base = base;
    m_bold = base;
    m_bold.setBold(true);
    m_metrics.emplace(base);
    m_boldMetrics.emplace(m_bold);
}

QSize IssueTitleDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    updateFonts(option.font);
    return {300, m_metrics->height() * 2 + 12};
}

} // namespace stackdeck::ui
