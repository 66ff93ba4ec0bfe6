#include "store/notes.h"
#include "store/storedevent.h"
#include "triagecommon.h"

namespace stackdeck::cli {

namespace {

// The stack trace a frame note is on: --exception K, --thread K, else the
// exception the event reports (the last of the chain, the one the window
// shows first), else the event's own stack trace. Checks that frame `index`
// is in it; prints why not and returns nullopt.
std::optional<std::string> frameStack(
    const QCommandLineParser& parser, store::Workspace& ws, const std::string& eventId, std::int64_t index)
{
    const auto row = store::eventByEventId(ws.db(), eventId);
    auto stored
        = row ? store::loadStoredEvent(ws.db(), *row) : Result<store::StoredEvent>(Error {"no event " + eventId});
    if (!stored) {
        printError(QString::fromStdString(stored.error().message));
        return std::nullopt;
    }
    const Event& event = stored->event;
    const Stacktrace* stack = nullptr;
    std::string name;
    for (const auto& [option, count] :
        {std::pair {"exception", event.exceptions.size()}, std::pair {"thread", event.threads.size()}}) {
        if (!parser.isSet(QString::fromLatin1(option)))
            continue;
        bool ok = false;
        const qlonglong k = parser.value(QString::fromLatin1(option)).toLongLong(&ok);
        if (!ok || k < 0 || k >= static_cast<qlonglong>(count)) {
            printError(QStringLiteral("--%1 takes an index from 0 to %2 (the event has %3)")
                           .arg(QString::fromLatin1(option))
                           .arg(static_cast<qlonglong>(count) - 1)
                           .arg(count));
            return std::nullopt;
        }
        const auto i = static_cast<std::size_t>(k);
        const auto& trace
            = std::string(option) == "exception" ? event.exceptions[i].stacktrace : event.threads[i].stacktrace;
        stack = trace ? &*trace : nullptr;
        name = std::string(option) == "exception" ? store::exceptionStack(k) : store::threadStack(k);
    }
    if (name.empty() && !event.exceptions.empty()) {
        const auto k = static_cast<std::int64_t>(event.exceptions.size()) - 1;
        stack = event.exceptions.back().stacktrace ? &*event.exceptions.back().stacktrace : nullptr;
        name = store::exceptionStack(k);
    } else if (name.empty() && event.stacktrace) {
        stack = &*event.stacktrace;
        name = std::string(store::kEventStack);
    } else if (name.empty()) {
        printError(
            QStringLiteral("the event has no exception and no stack trace of its own: name a thread with --thread K"));
        return std::nullopt;
    }
    const auto frames = stack ? static_cast<std::int64_t>(stack->frames.size()) : 0;
    if (index >= frames) {
        printError(QStringLiteral("%1 has %2 frames: --frame takes 0 to %3")
                       .arg(QString::fromStdString(store::frameStackText(name)))
                       .arg(frames)
                       .arg(frames - 1));
        return std::nullopt;
    }
    return name;
}

} // namespace

int runNote(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Add a Markdown note to an issue, an event, or a frame or "
                                                    "breadcrumb of an event."));
    addCommonOptions(parser);
    addWaitOption(parser);
    parser.addOption({QStringLiteral("issue"), QStringLiteral("The issue."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("event"), QStringLiteral("The event (32 hex digits)."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("frame"), QStringLiteral("Frame N of the event."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("exception"),
        QStringLiteral("--frame: in exception K (exception.values[K]; default: the one the event reports)."),
        QStringLiteral("K")});
    parser.addOption(
        {QStringLiteral("thread"), QStringLiteral("--frame: in thread K (threads.values[K])."), QStringLiteral("K")});
    parser.addOption({QStringLiteral("breadcrumb"), QStringLiteral("Breadcrumb N of the event."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("span"), QStringLiteral("The span of the event."), QStringLiteral("SPAN_ID")});
    parser.addOption({QStringLiteral("text"), QStringLiteral("The note (Markdown)."), QStringLiteral("TEXT")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const bool onIssue = parser.isSet(QStringLiteral("issue"));
    const bool onEvent = parser.isSet(QStringLiteral("event"));
    const int parts = int(parser.isSet(QStringLiteral("frame"))) + int(parser.isSet(QStringLiteral("breadcrumb")))
        + int(parser.isSet(QStringLiteral("span")));
    const int stacks = int(parser.isSet(QStringLiteral("exception"))) + int(parser.isSet(QStringLiteral("thread")));
    if (onIssue == onEvent || (onIssue && parts > 0) || parts > 1 || !parser.isSet(QStringLiteral("text")) || stacks > 1
        || (stacks > 0 && !parser.isSet(QStringLiteral("frame")))) {
        printError(QStringLiteral("usage: note (--issue ID | --event ID [--frame N [--exception K | --thread K] | "
                                  "--breadcrumb N | --span ID]) --text TEXT"));
        return UsageError;
    }
    store::Note note;
    note.text = parser.value(QStringLiteral("text")).toStdString();
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    if (onIssue) {
        const auto ids = parseIssueIds({parser.value(QStringLiteral("issue"))});
        if (!ids)
            return UsageError;
        note.target.issue = ids->front();
    } else {
        note.target.eventId = parser.value(QStringLiteral("event")).toLower().remove(QLatin1Char('-')).toStdString();
        const auto event = store::findEvent(ws->db(), note.target.eventId);
        if (!event) {
            printError(QStringLiteral("no event %1").arg(QString::fromStdString(note.target.eventId)));
            return UsageError;
        }
        note.target.project = event->project;
        note.target.kind = store::NoteTarget::Kind::Event;
        for (const auto& [name, kind] : {std::pair {"frame", store::NoteTarget::Kind::Frame},
                 std::pair {"breadcrumb", store::NoteTarget::Kind::Breadcrumb}}) {
            if (!parser.isSet(QString::fromLatin1(name)))
                continue;
            bool ok = false;
            note.target.index = parser.value(QString::fromLatin1(name)).toLongLong(&ok);
            if (!ok || note.target.index < 0) {
                printError(QStringLiteral("--%1 takes an index (0 or more)").arg(QString::fromLatin1(name)));
                return UsageError;
            }
            note.target.kind = kind;
        }
        if (note.target.kind == store::NoteTarget::Kind::Frame) {
            auto stack = frameStack(parser, *ws, note.target.eventId, note.target.index);
            if (!stack)
                return UsageError;
            note.target.stack = std::move(*stack);
        }
        if (parser.isSet(QStringLiteral("span"))) {
            note.target.kind = store::NoteTarget::Kind::Span;
            note.target.spanId = parser.value(QStringLiteral("span")).toStdString();
        }
    }
    const auto lock = lockForTriage(parser, "note");
    if (!lock)
        return UsageError;
    const auto id = store::addNote(ws->db(), note);
    if (!id) {
        printError(QString::fromStdString(id.error().message));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json out = {{"id", *id}, {"target", std::string(store::noteKindName(note.target.kind))}};
        if (!note.target.stack.empty())
            out["stack"] = note.target.stack;
        printJson(out);
    } else
        printLine(QStringLiteral("note %1 added").arg(*id));
    return Success;
}

} // namespace stackdeck::cli
