#include "codelinedelegate.h"

#include "itemmodels/framemodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace stackdeck::ui {

namespace {

bool isContextLine(const QModelIndex& index)
{
    return index.column() == 0 && index.data(NodeTreeModel::KindRole).toInt() == FrameModel::ContextKind;
}

} // namespace

QString CodeLineDelegate::lineText(const QModelIndex& index)
{
    const QModelIndex first = index.siblingAtColumn(0);
    qsizetype width = 0;
    const QAbstractItemModel* model = first.model();
    for (int row = 0; model && row < model->rowCount(first.parent()); ++row) {
        const QModelIndex sibling = model->index(row, 0, first.parent());
        if (sibling.data(NodeTreeModel::KindRole).toInt() == FrameModel::ContextKind)
            width = std::max(width, sibling.data(Qt::DisplayRole).toString().size());
    }
    return first.data(Qt::DisplayRole).toString().rightJustified(width) + QStringLiteral("  ")
        + first.siblingAtColumn(1).data(Qt::DisplayRole).toString();
}

void CodeLineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (!isContextLine(index))
        return QStyledItemDelegate::paint(painter, option, index);
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index.siblingAtColumn(1)); // the code's font, colours and background
    opt.rect = option.rect;
    opt.state = option.state;
    opt.text = lineText(index);
    opt.textElideMode = Qt::ElideRight;
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

} // namespace stackdeck::ui
