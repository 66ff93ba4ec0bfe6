#pragma once

#include <QHash>
#include <QPointer>
#include <QStyledItemDelegate>

#include <functional>

namespace stackdeck::ui {

// Marks the rows that carry a note (stack frames, breadcrumbs): paints the
// row as the inner delegate does (or as a styled delegate would), then a
// small note mark at the cell's right edge; hovering the mark shows the
// notes' text as plain text. Which row is which frame or breadcrumb is the
// key function's business (a view may list frames newest first).
class NoteMarkerDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // Returns the frame or breadcrumb index a row shows, or -1.
    using KeyFn = std::function<qint64(const QModelIndex&)>;

    explicit NoteMarkerDelegate(KeyFn key, QAbstractItemDelegate* inner = nullptr, QObject* parent = nullptr);
    // index -> the notes' Markdown (several notes joined), as notesOfEvent lists them.
    void setNotes(QHash<qint64, QString> notes);
    bool hasNote(const QModelIndex& index) const;
    QString noteText(const QModelIndex& index) const;
    // Where the mark sits in a cell (for hit tests and tests).
    static QRect markRect(const QRect& cell);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
        const QModelIndex& index) override;

Q_SIGNALS:
    void markClicked(qint64 key);

protected:
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
        const QModelIndex& index) override;

private:
    KeyFn m_key;
    QPointer<QAbstractItemDelegate> m_inner;
    QHash<qint64, QString> m_notes;
};

} // namespace stackdeck::ui
