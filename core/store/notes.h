#pragma once

#include "model/ids.h"
#include "sqlite.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// Where a note is attached. Notes below the issue name their event by
// project and event id (32 hex), which survive reindex and regroup, so they
// follow the event to whatever issue holds it.
struct NoteTarget {
    enum class Kind { Issue, Event, Frame, Breadcrumb, Span };
    Kind kind = Kind::Issue;
    IssueId issue; // Kind::Issue
    std::int64_t project = 0; // the others
    std::string eventId;
    std::int64_t index = 0; // Frame: frame index (as its stack trace lists them); Breadcrumb: its index
    std::string spanId; // Span
    // Frame: the stack trace the frame is in, "exception:K" (exception.values[K]),
    // "thread:K" (threads.values[K]) or "event" (the event's own stacktrace), so
    // a note on frame 3 of the second exception stays off frame 3 of the first.
    // Empty on frame notes written before it was kept: those show on frame
    // `index` of every stack trace of the event, as they always did. Stored in
    // the notes.span_id column, which frame notes have no other use for, so
    // case files of every schema carry it.
    std::string stack;

    bool operator==(const NoteTarget&) const = default;
};
std::string_view noteKindName(NoteTarget::Kind kind); // issue, event, frame, breadcrumb, span

// NoteTarget::stack values.
inline constexpr std::string_view kEventStack = "event";
std::string exceptionStack(std::int64_t exceptionIndex); // "exception:K"
std::string threadStack(std::int64_t threadIndex); // "thread:K"
bool isFrameStack(std::string_view stack); // one of the three forms (empty is not)
// "exception 2", "thread 0", "the event's stack trace"; "" for an empty stack.
std::string frameStackText(std::string_view stack);
// Whether a frame note on `noteStack` belongs on a stack trace shown as `shownStack`.
inline bool frameNoteOnStack(std::string_view noteStack, std::string_view shownStack)
{
    return noteStack.empty() || noteStack == shownStack;
}

// A Markdown note. Its text is the author's; whoever shows it renders it
// without raw HTML and loads no resources.
struct Note {
    std::int64_t id = 0;
    NoteTarget target;
    std::string text;
    std::string author;
    std::int64_t createdAt = 0; // microseconds
    std::int64_t editedAt = 0; // 0: never edited

    bool operator==(const Note&) const = default;
};

// Adds a note (author empty: localUserName(); createdAt 0: now) and an
// issue_activity row ("note") on the issue it belongs to; returns the note id.
Result<std::int64_t> addNote(sql::Database& db, const Note& note);
Result<Ok> editNote(sql::Database& db, std::int64_t id, const std::string& text, std::int64_t now = 0);
Result<Ok> deleteNote(sql::Database& db, std::int64_t id);

// Every note that belongs to the issue: on it, and on its events and their
// frames, breadcrumbs and spans; oldest first.
std::vector<Note> notesOfIssue(sql::Database& db, IssueId issue);
// The notes on one event and its parts (the event view's markers).
std::vector<Note> notesOfEvent(sql::Database& db, std::int64_t project, const std::string& eventId);

// The event an event id names (project and the issue holding it), for the CLI.
struct EventRef {
    std::int64_t project = 0;
    IssueId issue;
};
std::optional<EventRef> findEvent(sql::Database& db, const std::string& eventId);

} // namespace stackdeck::store
