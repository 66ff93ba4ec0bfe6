#pragma once

#include "model/ids.h"
#include "store/notes.h"
#include "store/workspacesession.h"

#include <QWidget>

#include <memory>

class QTableView;
class QStackedWidget;
class QPushButton;

namespace stackdeck::ui {

class NoteListModel;
class NoteView;
class NoteEditor;

// An issue's notes (on it and on its events, frames and breadcrumbs): a list,
// the chosen note rendered safely, and an editor in place to add or edit one.
// Reads and writes run on workers; a newer issue drops an older load.
class NotesPanel : public QWidget {
    Q_OBJECT
public:
    explicit NotesPanel(QWidget* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    void setIssue(IssueId issue);
    IssueId issue() const { return m_issue; }
    void reload();
    bool isLoading() const { return m_loading > 0; }

    // Opens the editor for a new note on `target` (an issue note when not given).
    void startNote(const store::NoteTarget& target, const QString& what);
    void startIssueNote();
    void editSelected();
    void deleteSelected();
    // Writes a note at once (the editor's Save ends here too).
    void writeNote(const store::Note& note);

    NoteListModel* model() const { return m_model; }
    QTableView* list() const { return m_list; }
    NoteView* view() const { return m_view; }
    NoteEditor* editor() const { return m_editor; }
    bool isEditing() const;

Q_SIGNALS:
    void loaded();
    void notesChanged(); // a note was added, edited or deleted here
    void failed(const QString& message);

private:
    void showSelected();
    std::shared_ptr<store::WorkspaceSession> m_session;
    IssueId m_issue;
    quint64 m_job = 0;
    std::int64_t m_selectAfterLoad = 0; // the note just written
    int m_loading = 0;
    store::Note m_draft; // what the editor is writing: its target, and its id when editing
    NoteListModel* m_model;
    QTableView* m_list;
    NoteView* m_view;
    NoteEditor* m_editor;
    QStackedWidget* m_stack;
    QPushButton* m_add;
    QPushButton* m_edit;
    QPushButton* m_delete;
};

} // namespace stackdeck::ui
