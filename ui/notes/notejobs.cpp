#include "notejobs.h"

#include "common/plaintext.h"
#include "store/sessionaccess.h"

#include <QCoreApplication>
#include <QtConcurrent>

namespace stackdeck::ui {

QFuture<NoteList> loadIssueNotes(std::shared_ptr<store::WorkspaceSession> session, IssueId issue)
{
    return QtConcurrent::run([session = std::move(session), issue]() -> NoteList {
        return readWithSession(
            session, [issue](sql::Database& db) -> NoteList { return store::notesOfIssue(db, issue); });
    });
}

QFuture<NoteList> loadEventNotes(
    std::shared_ptr<store::WorkspaceSession> session, std::int64_t project, std::string eventId)
{
    return QtConcurrent::run([session = std::move(session), project, eventId = std::move(eventId)]() -> NoteList {
        return readWithSession(
            session, [&](sql::Database& db) -> NoteList { return store::notesOfEvent(db, project, eventId); });
    });
}

QFuture<Result<std::int64_t>> saveNote(std::shared_ptr<store::WorkspaceSession> session, store::Note note)
{
    return QtConcurrent::run([session = std::move(session), note = std::move(note)]() -> Result<std::int64_t> {
        return writeWithSession(session, "note", [&](sql::Database& db) -> Result<std::int64_t> {
            if (note.id == 0)
                return store::addNote(db, note);
            auto edited = store::editNote(db, note.id, note.text);
            if (!edited)
                return edited.error();
            return note.id;
        });
    });
}

QFuture<Result<std::int64_t>> deleteNote(std::shared_ptr<store::WorkspaceSession> session, std::int64_t id)
{
    return QtConcurrent::run([session = std::move(session), id]() -> Result<std::int64_t> {
        return writeWithSession(session, "note", [id](sql::Database& db) -> Result<std::int64_t> {
            auto removed = store::deleteNote(db, id);
            if (!removed)
                return removed.error();
            return id;
        });
    });
}

namespace {

// "exception 1", "thread 0", "the event's stack trace" (store::frameStackText, translated).
QString frameStackName(const std::string& stack)
{
    if (stack.empty())
        return {};
    if (stack == store::kEventStack)
        return QCoreApplication::translate("stackdeck::ui::Notes", "the event's stack trace");
    const auto colon = stack.find(':');
    const QString index = qs(stack.substr(colon == std::string::npos ? stack.size() : colon + 1));
    if (stack.rfind("exception:", 0) == 0)
        return QCoreApplication::translate("stackdeck::ui::Notes", "exception %1").arg(index);
    if (stack.rfind("thread:", 0) == 0)
        return QCoreApplication::translate("stackdeck::ui::Notes", "thread %1").arg(index);
    return qs(stack);
}

} // namespace

QString noteTargetText(const store::NoteTarget& target)
{
    const QString event = qs(target.eventId.substr(0, 8));
    switch (target.kind) {
    case store::NoteTarget::Kind::Issue:
        return QCoreApplication::translate("stackdeck::ui::Notes", "issue");
    case store::NoteTarget::Kind::Event:
        return QCoreApplication::translate("stackdeck::ui::Notes", "event %1").arg(event);
    case store::NoteTarget::Kind::Frame: {
        const QString stack = frameStackName(target.stack);
        if (stack.isEmpty())
            return QCoreApplication::translate("stackdeck::ui::Notes", "frame %1 of event %2")
                .arg(target.index)
                .arg(event);
        return QCoreApplication::translate("stackdeck::ui::Notes", "frame %1 of %2 of event %3")
            .arg(target.index)
            .arg(stack, event);
    }
    case store::NoteTarget::Kind::Breadcrumb:
        return QCoreApplication::translate("stackdeck::ui::Notes", "breadcrumb %1 of event %2")
            .arg(target.index)
            .arg(event);
    case store::NoteTarget::Kind::Span:
        return QCoreApplication::translate("stackdeck::ui::Notes", "span %1 of event %2").arg(qs(target.spanId), event);
    }
    return {};
}

} // namespace stackdeck::ui
