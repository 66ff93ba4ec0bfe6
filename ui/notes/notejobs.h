#pragma once

#include "model/ids.h"
#include "store/notes.h"
#include "store/workspacesession.h"
#include "util/result.h"

#include <QFuture>

#include <memory>
#include <vector>

namespace stackdeck::ui {

// Notes read and written on a worker: reads on a session reader, writes on
// its writer under the workspace's shared lock (as the CLI's `note` does).
using NoteList = Result<std::vector<store::Note>>;
QFuture<NoteList> loadIssueNotes(std::shared_ptr<store::WorkspaceSession> session, IssueId issue);
QFuture<NoteList> loadEventNotes(
    std::shared_ptr<store::WorkspaceSession> session, std::int64_t project, std::string eventId);
// Adds the note (id 0) or replaces the text of note `note.id`; the note's id comes back.
QFuture<Result<std::int64_t>> saveNote(std::shared_ptr<store::WorkspaceSession> session, store::Note note);
QFuture<Result<std::int64_t>> deleteNote(std::shared_ptr<store::WorkspaceSession> session, std::int64_t id);

// "frame 3 of event 5f1c1c0a", "breadcrumb 12 of event …", "issue", "event 5f1c1c0a".
QString noteTargetText(const store::NoteTarget& target);

} // namespace stackdeck::ui
