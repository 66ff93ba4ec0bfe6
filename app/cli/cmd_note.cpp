#include "store/notes.h"
#include "triagecommon.h"

namespace stackdeck::cli {

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
    parser.addOption({QStringLiteral("breadcrumb"), QStringLiteral("Breadcrumb N of the event."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("span"), QStringLiteral("The span of the event."), QStringLiteral("SPAN_ID")});
    parser.addOption({QStringLiteral("text"), QStringLiteral("The note (Markdown)."), QStringLiteral("TEXT")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const bool onIssue = parser.isSet(QStringLiteral("issue"));
    const bool onEvent = parser.isSet(QStringLiteral("event"));
    const int parts = int(parser.isSet(QStringLiteral("frame"))) + int(parser.isSet(QStringLiteral("breadcrumb")))
        + int(parser.isSet(QStringLiteral("span")));
    if (onIssue == onEvent || (onIssue && parts > 0) || parts > 1 || !parser.isSet(QStringLiteral("text"))) {
        printError(QStringLiteral("usage: note (--issue ID | --event ID [--frame N | --breadcrumb N | --span ID]) "
                                  "--text TEXT"));
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
    if (parser.isSet(QStringLiteral("json")))
        printJson({{"id", *id}, {"target", std::string(store::noteKindName(note.target.kind))}});
    else
        printLine(QStringLiteral("note %1 added").arg(*id));
    return Success;
}

} // namespace stackdeck::cli
