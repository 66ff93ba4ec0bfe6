#include "store/issueactivity.h"
#include "store/notes.h"
#include "triagecommon.h"

namespace stackdeck::cli {

int runActivity(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("What happened to an issue: triage, notes, merges, "
                                                    "regressions, oldest first; then its notes."));
    addCommonOptions(parser);
    parser.addPositionalArgument(QStringLiteral("ISSUE_ID"), QStringLiteral("The issue."));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const auto ids = parseIssueIds(parser.positionalArguments());
    if (!ids || ids->size() != 1) {
        if (ids)
            printError(QStringLiteral("usage: activity ISSUE_ID"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    std::vector<store::IssueActivity> log;
    std::vector<store::Note> notes;
    try {
        log = store::listActivity(ws->db(), ids->front());
        notes = store::notesOfIssue(ws->db(), ids->front());
    } catch (const std::exception& e) {
        printError(QString::fromUtf8(e.what()));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json out = {{"activity", nlohmann::json::array()}, {"notes", nlohmann::json::array()}};
        for (const auto& a : log)
            out["activity"].push_back({{"id", a.id}, {"kind", a.kind}, {"text", a.text}, {"author", a.author},
                {"time", isoTime(a.createdAt)}});
        for (const auto& n : notes) {
            nlohmann::json j = {{"id", n.id}, {"target", std::string(store::noteKindName(n.target.kind))},
                {"text", n.text}, {"author", n.author}, {"time", isoTime(n.createdAt)}};
            if (n.target.kind != store::NoteTarget::Kind::Issue)
                j["event_id"] = n.target.eventId;
            if (n.target.kind == store::NoteTarget::Kind::Frame || n.target.kind == store::NoteTarget::Kind::Breadcrumb)
                j["index"] = n.target.index;
            if (n.target.kind == store::NoteTarget::Kind::Frame && !n.target.stack.empty())
                j["stack"] = n.target.stack;
            if (n.target.kind == store::NoteTarget::Kind::Span)
                j["span_id"] = n.target.spanId;
            out["notes"].push_back(std::move(j));
        }
        printJson(out);
        return Success;
    }
    for (const auto& a : log)
        printLine(QStringLiteral("%1  %2  %3  %4")
                      .arg(QString::fromStdString(isoTime(a.createdAt)).left(19), QString::fromStdString(a.author),
                          QString::fromStdString(a.kind), QString::fromStdString(a.text)));
    return Success;
}

} // namespace stackdeck::cli
