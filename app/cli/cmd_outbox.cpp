#include "clicommon.h"
#include "store/localuser.h"
#include "store/outbox.h"

namespace stackdeck::cli {
namespace {

// "resolved" for {"status":"resolved"}, the text of a comment, true/false, "" -> (nobody).
QString shown(const std::string& field, const std::string& value)
{
    if (value.empty())
        return QStringLiteral("-");
    const auto j = nlohmann::json::parse(value, nullptr, false);
    if (field == "status" && j.is_object()) {
        QString out = QString::fromStdString(j.value("status", std::string()));
        if (j.contains("statusDetails"))
            out += QStringLiteral(" ") + QString::fromStdString(j["statusDetails"].dump());
        return out;
    }
    if ((field == "comment" || field == "note") && j.is_object())
        return QString::fromStdString(j.value("text", std::string())).left(60);
    if (j.is_string())
        return j.get<std::string>().empty() ? QStringLiteral("(nobody)") : QString::fromStdString(j.get<std::string>());
    return QString::fromStdString(j.dump());
}

} // namespace

int runOutbox(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Triage waiting to be pushed to the servers, as a diff."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("drop"), QStringLiteral("Drop the change with this id."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("all"), QStringLiteral("Also what was pushed, dropped or stays local.")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    auto ws = openWorkspace(parser, true);
    if (!ws)
        return UsageError;
    store::collectOutbox(ws->db(), store::nowMicros());
    if (parser.isSet(QStringLiteral("drop"))) {
        if (!store::dropOutboxEntry(ws->db(), parser.value(QStringLiteral("drop")).toLongLong())) {
            printError(QStringLiteral("no unpushed change %1 (see: outbox)").arg(parser.value(QStringLiteral("drop"))));
            return UsageError;
        }
        printLine(QStringLiteral("dropped %1").arg(parser.value(QStringLiteral("drop"))));
        return Success;
    }
    const bool all = parser.isSet(QStringLiteral("all"));
    auto rows = store::listOutbox(ws->db(), 0, false);
    std::erase_if(rows, [all](const store::OutboxEntry& e) {
        return !all && e.state != "pending" && e.state != "sending" && e.state != "conflict" && e.state != "failed"
            && e.state != "local";
    });
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : rows)
            out.push_back({{"id", e.id}, {"issue", e.issue}, {"short_id", e.shortId}, {"field", e.field},
                {"before", nlohmann::json::parse(e.before.empty() ? "null" : e.before, nullptr, false)},
                {"after", nlohmann::json::parse(e.after, nullptr, false)}, {"state", e.state},
                {"local_only", e.state == "local"}, {"result", e.result}});
        printJson(out);
        return Success;
    }
    for (const auto& e : rows) {
        printLine(QStringLiteral("%1  %2  %3: %4 -> %5  [%6]%7")
                      .arg(e.id)
                      .arg(QString::fromStdString(e.shortId.empty() ? "#" + std::to_string(e.issue) : e.shortId),
                          QString::fromStdString(e.field), shown(e.field, e.before), shown(e.field, e.after),
                          e.state == "local" ? QStringLiteral("local only") : QString::fromStdString(e.state),
                          e.result.empty() ? QString() : QStringLiteral(" ") + QString::fromStdString(e.result)));
    }
    if (rows.empty())
        printLine(QStringLiteral("nothing waiting"));
    return Success;
}

} // namespace stackdeck::cli
