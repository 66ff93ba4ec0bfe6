#include "clicommon.h"
#include "store/eventqueries.h"

namespace stackdeck::cli {

int runEvents(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List events, newest first."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("issue"), QStringLiteral("Only the events of this issue."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N events (default 100)."), QStringLiteral("N")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    store::EventListRequest request;
    if (parser.isSet(QStringLiteral("issue"))) {
        bool ok = false;
        const qint64 id = parser.value(QStringLiteral("issue")).toLongLong(&ok);
        if (!ok || id <= 0) {
            printError(QStringLiteral("--issue takes an issue id"));
            return UsageError;
        }
        request.issue = IssueId(id);
    }
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        request.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || request.limit <= 0) {
            printError(QStringLiteral("--limit takes a positive number"));
            return UsageError;
        }
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    const auto rows = store::listEvents(ws->db(), request);
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : rows) {
            out.push_back({{"event_id", e.eventId},
                {"issue_id", e.issue.isValid() ? nlohmann::json(e.issue.value) : nlohmann::json(nullptr)},
                {"project", e.project}, {"timestamp", isoTime(e.timestamp)},
                {"type", std::string(eventTypeName(e.type))}, {"level", std::string(levelName(e.level))},
                {"title", e.title},
                {"trace_id", e.traceId.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.traceId)}});
        }
        printJson(out);
        return Success;
    }
    for (const auto& e : rows) {
        printLine(QStringLiteral("%1  %2  %3  %4  %5")
                      .arg(QString::fromStdString(e.eventId))
                      .arg(QString::fromStdString(isoTime(e.timestamp)).left(19))
                      .arg(QString::fromUtf8(eventTypeName(e.type).data()), -11)
                      .arg(e.issue.isValid() ? QString::number(e.issue.value) : QStringLiteral("-"), 6)
                      .arg(QString::fromStdString(e.title)));
    }
    return Success;
}

} // namespace stackdeck::cli
