#pragma once

#include <QStyledItemDelegate>

namespace stackdeck::ui {

// Draws a stack frame's context line (FrameModel::ContextKind) across the
// whole row: its line number in a right-aligned gutter, then the code, in
// the code column's font and colours. The view spans the row's first column
// (QTreeView::setFirstColumnSpanned), so code is not squeezed into the
// location column of a narrow pane. Every other cell is drawn as usual; the
// model is unchanged (line number in column 0, code in column 1).
class CodeLineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // "  226  raise ValueError(...)": the number padded to the widest of its
    // frame's context lines, so the code of one frame lines up.
    static QString lineText(const QModelIndex& index);
};

} // namespace stackdeck::ui
