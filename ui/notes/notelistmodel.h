#pragma once

#include "itemmodels/tablemodelbase.h"
#include "store/notes.h"

namespace stackdeck::ui {

// An issue's notes, oldest first: where each is attached, who wrote it, when,
// and its first line. The Markdown itself is shown by a NoteView, never here.
class NoteListModel : public TableModelBase<store::Note> {
    Q_OBJECT
public:
    enum Column { WhereColumn, AuthorColumn, WhenColumn, TextColumn, NUM_COLUMNS };
    enum Role { NoteIdRole = Qt::UserRole + 1, MarkdownRole, SortRole };
    using TableModelBase::TableModelBase;
    int rowOfNote(std::int64_t id) const;

protected:
    QStringList headers() const override;
    QVariant cell(const store::Note& note, int column, int role) const override;
};

} // namespace stackdeck::ui
