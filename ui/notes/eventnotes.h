#pragma once

#include "store/notes.h"
#include "store/workspacesession.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QWidget;

namespace stackdeck::ui {

// The notes of the event a view shows, for the markers on its frame and
// breadcrumb rows and for "Add note…" on them. Read on a session reader
// (never on the GUI thread); a newer event drops an older read.
class EventNotes : public QObject {
    Q_OBJECT
public:
    explicit EventNotes(QObject* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // The event by its id; its project is resolved with the notes.
    void setEvent(const std::string& eventId);
    void clear();
    void reload();
    bool isLoading() const { return m_loading > 0; }

    const std::vector<store::Note>& notes() const { return m_notes; }
    // index -> the notes' Markdown (several joined by a blank line), for NoteMarkerDelegate.
    // Frame notes: those of the stack trace `stack` (NoteTarget::stack), and
    // the older notes that name no stack trace.
    QHash<qint64, QString> markers(store::NoteTarget::Kind kind, const std::string& stack = {}) const;
    // The target of a new note on part `index` of the current event (a frame: of stack trace `stack`).
    store::NoteTarget target(store::NoteTarget::Kind kind, qint64 index, const std::string& stack = {}) const;

    // Opens the note editor in a dialog for a new note on part `index` and writes it on Save.
    void startNote(store::NoteTarget::Kind kind, qint64 index, QWidget* parent, const std::string& stack = {});
    // Writes a note at once (the dialog's Save ends here too), then reloads.
    void writeNote(const store::Note& note);

Q_SIGNALS:
    void changed(); // notes() were (re)loaded
    void written(); // a note was added here
    void failed(const QString& message);

private:
    std::shared_ptr<store::WorkspaceSession> m_session;
    std::string m_eventId;
    std::int64_t m_project = 0;
    quint64 m_generation = 0;
    int m_loading = 0;
    std::vector<store::Note> m_notes;
};

} // namespace stackdeck::ui
