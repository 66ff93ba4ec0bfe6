#include "notes.h"

#include "localuser.h"

#include <array>

namespace stackdeck::store {

namespace {

constexpr std::array<std::string_view, 5> kKindNames = {"issue", "event", "frame", "breadcrumb", "span"};

NoteTarget::Kind kindFrom(std::string_view name)
{
    for (std::size_t i = 0; i < kKindNames.size(); ++i) {
        if (kKindNames[i] == name)
            return static_cast<NoteTarget::Kind>(i);
    }
    return NoteTarget::Kind::Issue;
}

constexpr std::string_view kNoteColumns
    = "n.id, n.target, coalesce(n.issue_id, 0), coalesce(n.project_id, 0), coalesce(n.event_id, ''), "
      "coalesce(n.target_index, 0), coalesce(n.span_id, ''), n.text, coalesce(n.author, ''), n.created_at, "
      "coalesce(n.edited_at, 0)";

Note readNote(const sql::Statement& st)
{
    Note n;
    n.id = st.int64(0);
    n.target.kind = kindFrom(st.textView(1));
    n.target.issue = IssueId(st.int64(2));
    n.target.project = st.int64(3);
    n.target.eventId = st.text(4);
    n.target.index = st.int64(5);
    // Frame notes keep their stack trace in the span_id column (NoteTarget::stack).
    (n.target.kind == NoteTarget::Kind::Frame ? n.target.stack : n.target.spanId) = st.text(6);
    n.text = st.text(7);
    n.author = st.text(8);
    n.createdAt = st.int64(9);
    n.editedAt = st.int64(10);
    return n;
}

std::int64_t issueOfEvent(sql::Database& db, std::int64_t project, const std::string& eventId)
{
    auto& st = db.cached("SELECT coalesce(issue_id, 0) FROM events WHERE project_id = ?1 AND event_id = ?2");
    st.bind(1, project).bind(2, eventId);
    const std::int64_t issue = st.step() ? st.int64(0) : 0;
    st.reset();
    return issue;
}

std::string activityText(const Note& n)
{
    std::string where;
    switch (n.target.kind) {
    case NoteTarget::Kind::Issue:
        return n.text;
    case NoteTarget::Kind::Event:
        where = "event " + n.target.eventId;
        break;
    case NoteTarget::Kind::Frame:
        where = "frame " + std::to_string(n.target.index)
            + (n.target.stack.empty() ? std::string() : " of " + frameStackText(n.target.stack)) + " of event "
            + n.target.eventId;
        break;
    case NoteTarget::Kind::Breadcrumb:
        where = "breadcrumb " + std::to_string(n.target.index) + " of event " + n.target.eventId;
        break;
    case NoteTarget::Kind::Span:
        where = "span " + n.target.spanId + " of event " + n.target.eventId;
        break;
    }
    return "on " + where + ": " + n.text;
}

} // namespace

std::string_view noteKindName(NoteTarget::Kind kind)
{
    return kKindNames[static_cast<std::size_t>(kind)];
}

std::string exceptionStack(std::int64_t exceptionIndex)
{
    return "exception:" + std::to_string(exceptionIndex);
}

std::string threadStack(std::int64_t threadIndex)
{
    return "thread:" + std::to_string(threadIndex);
}

namespace {
// The index of "exception:K" / "thread:K" after `prefix`, or -1.
std::int64_t stackIndex(std::string_view stack, std::string_view prefix)
{
    if (stack.substr(0, prefix.size()) != prefix)
        return -1;
    const std::string_view digits = stack.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos
        || (digits.size() > 1 && digits[0] == '0'))
        return -1;
    return std::stoll(std::string(digits));
}
} // namespace

bool isFrameStack(std::string_view stack)
{
    return stack == kEventStack || stackIndex(stack, "exception:") >= 0 || stackIndex(stack, "thread:") >= 0;
}

std::string frameStackText(std::string_view stack)
{
    if (stack == kEventStack)
        return "the event's stack trace";
    if (const auto k = stackIndex(stack, "exception:"); k >= 0)
        return "exception " + std::to_string(k);
    if (const auto k = stackIndex(stack, "thread:"); k >= 0)
        return "thread " + std::to_string(k);
    return std::string(stack);
}

Result<std::int64_t> addNote(sql::Database& db, const Note& note)
{
    if (note.text.empty())
        return Error {"a note needs text"};
    try {
        const bool onIssue = note.target.kind == NoteTarget::Kind::Issue;
        const std::int64_t issue
            = onIssue ? note.target.issue.value : issueOfEvent(db, note.target.project, note.target.eventId);
        if (issue == 0)
            return Error {onIssue ? std::string("no such issue") : "no error event " + note.target.eventId};
        const bool onFrame = note.target.kind == NoteTarget::Kind::Frame;
        if (onFrame && !note.target.stack.empty() && !isFrameStack(note.target.stack))
            return Error {"'" + note.target.stack + "' names no stack trace (exception:K, thread:K or event)"};
        Note n = note;
        if (n.author.empty())
            n.author = localUserName(db);
        if (n.createdAt == 0)
            n.createdAt = nowMicros();
        sql::Transaction tx(db);
        sql::Statement insert(db,
            "INSERT INTO notes(target, issue_id, project_id, event_id, target_index, span_id, text, author, "
            "created_at) VALUES(?1, ?2, ?3, nullif(?4, ''), ?5, nullif(?6, ''), ?7, ?8, ?9)");
        insert.bind(1, noteKindName(n.target.kind));
        if (onIssue)
            insert.bind(2, issue).bindNull(3);
        else
            insert.bindNull(2).bind(3, n.target.project);
        const bool indexed = n.target.kind == NoteTarget::Kind::Frame || n.target.kind == NoteTarget::Kind::Breadcrumb;
        if (indexed)
            insert.bind(5, n.target.index);
        else
            insert.bindNull(5);
        insert.bind(4, onIssue ? std::string() : n.target.eventId)
            .bind(6, onFrame ? n.target.stack : n.target.spanId)
            .bind(7, n.text)
            .bind(8, n.author)
            .bind(9, n.createdAt)
            .run();
        const std::int64_t id = db.lastInsertRowId();
        sql::Statement index(db, "INSERT INTO note_search(rowid, text) VALUES(?1, ?2)");
        index.bind(1, id).bind(2, n.text).run();
        sql::Statement activity(
            db, "INSERT INTO issue_activity(issue_id, kind, text, author, created_at) VALUES(?1, 'note', ?2, ?3, ?4)");
        activity.bind(1, issue).bind(2, activityText(n)).bind(3, n.author).bind(4, n.createdAt).run();
        tx.commit();
        return id;
    } catch (const std::exception& e) {
        return Error {std::string("adding the note failed: ") + e.what()};
    }
}

Result<Ok> editNote(sql::Database& db, std::int64_t id, const std::string& text, std::int64_t now)
{
    if (text.empty())
        return Error {"a note needs text"};
    try {
        sql::Transaction tx(db);
        sql::Statement update(db, "UPDATE notes SET text = ?2, edited_at = ?3 WHERE id = ?1");
        update.bind(1, id).bind(2, text).bind(3, now != 0 ? now : nowMicros()).run();
        if (db.changes() == 0)
            return Error {"no note " + std::to_string(id)};
        sql::Statement index(db, "UPDATE note_search SET text = ?2 WHERE rowid = ?1");
        index.bind(1, id).bind(2, text).run();
        tx.commit();
        return Ok {};
    } catch (const std::exception& e) {
        return Error {std::string("editing the note failed: ") + e.what()};
    }
}

Result<Ok> deleteNote(sql::Database& db, std::int64_t id)
{
    try {
        sql::Transaction tx(db);
        sql::Statement remove(db, "DELETE FROM notes WHERE id = ?1");
        remove.bind(1, id).run();
        if (db.changes() == 0)
            return Error {"no note " + std::to_string(id)};
        sql::Statement index(db, "DELETE FROM note_search WHERE rowid = ?1");
        index.bind(1, id).run();
        tx.commit();
        return Ok {};
    } catch (const std::exception& e) {
        return Error {std::string("deleting the note failed: ") + e.what()};
    }
}

std::vector<Note> notesOfIssue(sql::Database& db, IssueId issue)
{
    std::vector<Note> out;
    sql::Statement st(db,
        "SELECT " + std::string(kNoteColumns) + " FROM notes n WHERE n.issue_id = ?1 UNION ALL SELECT "
            + std::string(kNoteColumns)
            + " FROM events e JOIN notes n ON n.project_id = e.project_id AND n.event_id = e.event_id "
              "WHERE e.issue_id = ?1 ORDER BY 10, 1");
    st.bind(1, issue.value);
    while (st.step())
        out.push_back(readNote(st));
    return out;
}

std::vector<Note> notesOfEvent(sql::Database& db, std::int64_t project, const std::string& eventId)
{
    std::vector<Note> out;
    sql::Statement st(db,
        "SELECT " + std::string(kNoteColumns)
            + " FROM notes n WHERE n.project_id = ?1 AND n.event_id = ?2 ORDER BY n.created_at, n.id");
    st.bind(1, project).bind(2, eventId);
    while (st.step())
        out.push_back(readNote(st));
    return out;
}

std::optional<EventRef> findEvent(sql::Database& db, const std::string& eventId)
{
    sql::Statement st(db, "SELECT project_id, coalesce(issue_id, 0) FROM events WHERE event_id = ?1 LIMIT 1");
    st.bind(1, eventId);
    if (!st.step())
        return std::nullopt;
    return EventRef {st.int64(0), IssueId(st.int64(1))};
}

} // namespace stackdeck::store
