#pragma once

#include <QFontMetrics>
#include <QStyledItemDelegate>

#include <optional>

namespace stackdeck::ui {

// Paints the 14-day trend of an issue row as bars from the model's TrendRole
// (a pointer to the row's Sparkline, valid during the paint call).
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

// Only the decoration (level or status icon), centred; the text is the tooltip.
class IconDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

// Title on the first line (bold), culprit below (muted).
class IssueTitleDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit IssueTitleDelegate(QObject* parent = nullptr);
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    // Fonts and metrics are looked up once per base font, not per paint.
    void updateFonts(const QFont& base) const;
    mutable QFont m_base;
    mutable QFont m_bold;
    mutable std::optional<QFontMetrics> m_metrics;
    mutable std::optional<QFontMetrics> m_boldMetrics;
};

} // namespace stackdeck::ui
