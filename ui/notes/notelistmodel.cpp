#include "notelistmodel.h"

#include "common/plaintext.h"
#include "common/timeformat.h"
#include "notejobs.h"

namespace stackdeck::ui {

int NoteListModel::rowOfNote(std::int64_t id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

QStringList NoteListModel::headers() const
{
    return {tr("On"), tr("Author"), tr("When"), tr("Note")};
}

QVariant NoteListModel::cell(const store::Note& note, int column, int role) const
{
    switch (role) {
    case NoteIdRole:
        return static_cast<qlonglong>(note.id);
    case MarkdownRole:
        return qs(note.text);
    case SortRole:
        switch (column) {
        case WhenColumn:
            return static_cast<qlonglong>(note.createdAt);
        case AuthorColumn:
            return qs(note.author);
        default:
            return cell(note, column, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        return column == WhenColumn ? absoluteTime(note.editedAt ? note.editedAt : note.createdAt) : qs(note.text);
    case Qt::DisplayRole:
        switch (column) {
        case WhereColumn:
            return noteTargetText(note.target);
        case AuthorColumn:
            return qs(note.author);
        case WhenColumn:
            return note.editedAt ? tr("%1 (edited)").arg(relativeTime(note.createdAt, nowMicros()))
                                 : relativeTime(note.createdAt, nowMicros());
        case TextColumn:
            return firstLine(qs(note.text), 200);
        default:
            return {};
        }
    default:
        return {};
    }
}

} // namespace stackdeck::ui
