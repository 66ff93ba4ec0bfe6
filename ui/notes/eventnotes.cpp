#include "eventnotes.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "noteeditor.h"
#include "notejobs.h"
#include "store/sessionaccess.h"

#include <QDialog>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <utility>

namespace stackdeck::ui {

namespace {

struct EventNotesRead {
    std::int64_t project = 0;
    std::vector<store::Note> notes;
};

} // namespace

EventNotes::EventNotes(QObject* parent)
    : QObject(parent)
{
}

void EventNotes::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    reload();
}

void EventNotes::setEvent(const std::string& eventId)
{
    if (eventId == m_eventId)
        return;
    m_eventId = eventId;
    m_project = 0;
    m_notes.clear();
    Q_EMIT changed();
    reload();
}

void EventNotes::clear()
{
    m_eventId.clear();
    m_project = 0;
    ++m_generation;
    m_notes.clear();
    Q_EMIT changed();
}

void EventNotes::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_session || m_eventId.empty())
        return;
    ++m_loading;
    auto future = QtConcurrent::run([session = m_session, eventId = m_eventId]() -> Result<EventNotesRead> {
        return store::readWithSession(session, [&](sql::Database& db) -> Result<EventNotesRead> {
            EventNotesRead read;
            const auto ref = store::findEvent(db, eventId);
            if (!ref)
                return read;
            read.project = ref->project;
            read.notes = store::notesOfEvent(db, ref->project, eventId);
            return read;
        });
    });
    whenFinished(this, future, [this, generation](const Result<EventNotesRead>& read) {
        --m_loading;
        if (generation != m_generation)
            return; // a newer event or reload
        if (!read) {
            Q_EMIT failed(tr("Could not read the event's notes: %1").arg(qs(read.error().message)));
            return;
        }
        m_project = read->project;
        m_notes = read->notes;
        Q_EMIT changed();
    });
}

QHash<qint64, QString> EventNotes::markers(store::NoteTarget::Kind kind, const std::string& stack) const
{
    QHash<qint64, QString> out;
    for (const store::Note& n : m_notes) {
        if (n.target.kind != kind)
            continue;
        if (kind == store::NoteTarget::Kind::Frame && !store::frameNoteOnStack(n.target.stack, stack))
            continue;
        QString& text = out[n.target.index];
        if (!text.isEmpty())
            text += QStringLiteral("\n\n");
        text += qs(n.text);
    }
    return out;
}

store::NoteTarget EventNotes::target(store::NoteTarget::Kind kind, qint64 index, const std::string& stack) const
{
    store::NoteTarget t;
    t.kind = kind;
    t.project = m_project;
    t.eventId = m_eventId;
    t.index = index;
    if (kind == store::NoteTarget::Kind::Frame)
        t.stack = stack;
    return t;
}

void EventNotes::startNote(store::NoteTarget::Kind kind, qint64 index, QWidget* parent, const std::string& stack)
{
    if (m_eventId.empty() || m_project == 0) {
        Q_EMIT failed(tr("The event's notes are still loading; try again in a moment."));
        return;
    }
    const store::NoteTarget t = target(kind, index, stack);
    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("noteDialog"));
    dialog->setWindowTitle(tr("Add note"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(dialog);
    auto* editor = new NoteEditor(dialog);
    layout->addWidget(editor);
    editor->start(noteTargetText(t));
    connect(editor, &NoteEditor::saved, this, [this, t, dialog](const QString& text) {
        store::Note note;
        note.target = t;
        note.text = text.toStdString();
        writeNote(note);
        dialog->accept();
    });
    connect(editor, &NoteEditor::cancelled, dialog, &QDialog::reject);
    dialog->resize(520, 360);
    dialog->open();
}

void EventNotes::writeNote(const store::Note& note)
{
    ++m_loading;
    whenFinished(this, saveNote(m_session, note), [this](const Result<std::int64_t>& id) {
        --m_loading;
        if (!id) {
            Q_EMIT failed(tr("Could not save the note: %1").arg(qs(id.error().message)));
            return;
        }
        Q_EMIT written();
        reload();
    });
}

} // namespace stackdeck::ui
