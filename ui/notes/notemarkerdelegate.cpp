#include "notemarkerdelegate.h"

#include "common/plaintext.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace stackdeck::ui {

NoteMarkerDelegate::NoteMarkerDelegate(KeyFn key, QAbstractItemDelegate* inner, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_key(std::move(key))
    , m_inner(inner)
{
}

void NoteMarkerDelegate::setNotes(QHash<qint64, QString> notes)
{
    m_notes = std::move(notes);
}

bool NoteMarkerDelegate::hasNote(const QModelIndex& index) const
{
    return index.isValid() && m_notes.contains(m_key(index));
}

QString NoteMarkerDelegate::noteText(const QModelIndex& index) const
{
    return index.isValid() ? m_notes.value(m_key(index)) : QString();
}

QRect NoteMarkerDelegate::markRect(const QRect& cell)
{
    const int side = std::min(14, std::max(6, cell.height() - 6));
    return QRect(cell.right() - side - 3, cell.top() + (cell.height() - side) / 2, side, side);
}

void NoteMarkerDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (m_inner)
        m_inner->paint(painter, option, index);
    else
        QStyledItemDelegate::paint(painter, option, index);
    if (!hasNote(index))
        return;
    // A folded-corner note in the palette's link colour: visible on selection and in the dark palette.
    const QRect r = markRect(option.rect);
    const QColor fill = option.palette.color(QPalette::Link);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    const int fold = r.width() / 3;
    const QPointF shape[] = {QPointF(r.left(), r.top()), QPointF(r.right() - fold, r.top()),
        QPointF(r.right(), r.top() + fold), QPointF(r.right(), r.bottom()), QPointF(r.left(), r.bottom())};
    painter->drawPolygon(shape, 5);
    painter->setPen(QPen(option.palette.color(QPalette::Base), 1));
    for (int i = 1; i <= 2; ++i) {
        const qreal y = r.top() + r.height() * i / 3.0;
        painter->drawLine(QPointF(r.left() + 2, y), QPointF(r.right() - 2, y));
    }
    painter->restore();
}

QSize NoteMarkerDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    return m_inner ? m_inner->sizeHint(option, index) : QStyledItemDelegate::sizeHint(option, index);
}

bool NoteMarkerDelegate::helpEvent(
    QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option, const QModelIndex& index)
{
    if (event && hasNote(index) && markRect(option.rect).contains(event->pos())) {
        // The note's Markdown as typed, literally: a tooltip would render markup.
        QToolTip::showText(event->globalPos(), plainToolTip(noteText(index)), view);
        return true;
    }
    return m_inner ? m_inner->helpEvent(event, view, option, index)
                   : QStyledItemDelegate::helpEvent(event, view, option, index);
}

bool NoteMarkerDelegate::editorEvent(
    QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option, const QModelIndex& index)
{
    if (event->type() == QEvent::MouseButtonRelease && hasNote(index)) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (markRect(option.rect).contains(mouse->position().toPoint())) {
            Q_EMIT markClicked(m_key(index));
            return true;
        }
    }
    return m_inner ? m_inner->editorEvent(event, model, option, index)
                   : QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace stackdeck::ui
