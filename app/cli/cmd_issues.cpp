#include "clicommon.h"
#include "query/issuequery.h"
#include "store/issuequeries.h"
#include "triagecommon.h"

#include <QDateTime>

namespace stackdeck::cli {

int runIssues(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List issues, newest activity first."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("query"), QStringLiteral("Search, e.g. 'is:unresolved level:error timeout'."),
        QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("sort"), QStringLiteral("last_seen (default), first_seen, events or users."),
        QStringLiteral("KEY")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N issues (default 100)."), QStringLiteral("N")});
    if (!parseOrFail(parser, ctx))
        return UsageError;

    store::IssueListRequest request;
    if (parser.isSet(QStringLiteral("sort"))) {
        const auto sort = store::parseIssueSort(parser.value(QStringLiteral("sort")).toStdString());
        if (!sort) {
            printError(QStringLiteral("unknown sort '%1' (last_seen, first_seen, events, users)")
                           .arg(parser.value(QStringLiteral("sort"))));
            return UsageError;
        }
        request.sort = *sort;
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
    reevaluateOnOpen(parser, *ws);
    if (parser.isSet(QStringLiteral("query"))) {
        const Micros now = QDateTime::currentMSecsSinceEpoch() * 1000;
        auto context = query::loadQueryContext(ws->db(), now);
        if (!context) {
            printError(QString::fromStdString(context.error().message));
            return UsageError;
        }
        const std::string text = parser.value(QStringLiteral("query")).toStdString();
        auto compiled = query::compileIssueQuery(text, *context);
        if (compiled.error) {
            printError(QStringLiteral("query: %1 (at column %2)")
                           .arg(QString::fromStdString(compiled.error->message))
                           .arg(compiled.error->position + 1));
            return UsageError;
        }
        request.filter = compiled.filter;
    }

    store::IssuePage page;
    try {
        page = store::listIssues(ws->db(), request);
    } catch (const std::exception& e) {
        printError(QString::fromUtf8(e.what()));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json out = nlohmann::json::array();
        for (const Issue& i : page.issues) {
            out.push_back({{"id", i.id.value}, {"title", i.title}, {"culprit", i.culprit},
                {"level", std::string(levelName(i.level))}, {"events", i.eventCount}, {"users", i.userCount},
                {"first_seen", isoTime(i.firstSeen)}, {"last_seen", isoTime(i.lastSeen)},
                {"status", std::string(issueStatusName(i.status))}, {"primary_hash", i.primaryHash},
                {"project", i.projectName}});
        }
        printJson(out);
        return Success;
    }
    printLine(QStringLiteral("%1  %2  %3  %4  %5  %6")
                  .arg(QStringLiteral("ID"), 6)
                  .arg(QStringLiteral("LEVEL"), -7)
                  .arg(QStringLiteral("EVENTS"), 7)
                  .arg(QStringLiteral("USERS"), 6)
                  .arg(QStringLiteral("LAST SEEN"), -20)
                  .arg(QStringLiteral("TITLE")));
    for (const Issue& i : page.issues) {
        printLine(QStringLiteral("%1  %2  %3  %4  %5  %6")
                      .arg(i.id.value, 6)
                      .arg(QString::fromUtf8(levelName(i.level).data()), -7)
                      .arg(i.eventCount, 7)
                      .arg(i.userCount, 6)
                      .arg(QString::fromStdString(isoTime(i.lastSeen)).left(19), -20)
                      .arg(QString::fromStdString(i.title)));
        if (!i.culprit.empty())
            printLine(QStringLiteral("%1%2").arg(QString(), 52).arg(QString::fromStdString(i.culprit)));
    }
    return Success;
}

} // namespace stackdeck::cli
