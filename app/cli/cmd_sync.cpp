#include "clicommon.h"
#include "server/pullsync.h"
#include "server/tokenstore.h"
#include "store/accounts.h"

#include <QUrl>

namespace stackdeck::cli {
namespace {

nlohmann::json reportJson(const server::PullReport& r)
{
    return {{"pages", r.pages}, {"issues_listed", r.issuesListed}, {"issues_new", r.issuesNew},
        {"issues_fetched", r.issuesChanged}, {"issues_unchanged", r.issuesUnchanged}, {"issues_failed", r.issuesFailed},
        {"hashes", r.hashes}, {"hashes_held_elsewhere", r.hashesHeldElsewhere}, {"events_fetched", r.eventsFetched},
        {"events_already_stored", r.eventsAlreadyStored}, {"events_imported", r.eventsImported},
        {"budget_exhausted", r.budgetExhausted}, {"requests", r.client.requests}, {"retries", r.client.retries},
        {"rate_limited", r.client.rateLimited}, {"seconds", r.seconds}, {"warnings", r.warnings}};
}

} // namespace

int runSync(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Pull a server account's issues and events into the workspace."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("account"), QStringLiteral("The account."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("url"), QStringLiteral("Server base URL (with --org)."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("org"), QStringLiteral("Organization slug."), QStringLiteral("ORG")});
    parser.addOption(
        {QStringLiteral("project"), QStringLiteral("Only this project (repeatable)."), QStringLiteral("SLUG")});
    parser.addOption({QStringLiteral("query"), QStringLiteral("Issue search (default is:unresolved)."),
        QStringLiteral("Q"), QStringLiteral("is:unresolved")});
    parser.addOption({QStringLiteral("stats-period"), QStringLiteral("Time window (default 14d)."), QStringLiteral("P"),
        QStringLiteral("14d")});
    parser.addOption({QStringLiteral("events-per-issue"), QStringLiteral("Latest event plus N-1 recent (default 1)."),
        QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("event-budget"), QStringLiteral("Full events downloaded at most (10000)."),
        QStringLiteral("N"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("token-stdin"), QStringLiteral("Read the token from standard input.")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const bool byName = parser.isSet(QStringLiteral("account"));
    if (byName == (parser.isSet(QStringLiteral("url")) || parser.isSet(QStringLiteral("org")))) {
        printError(QStringLiteral("usage: sync (--account N | --url URL --org ORG) [--project SLUG...] [--query Q] "
                                  "[--events-per-issue N]"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, true);
    if (!ws)
        return UsageError;
    std::optional<store::ServerAccount> account;
    if (byName)
        account = store::findAccount(ws->db(), parser.value(QStringLiteral("account")).toStdString());
    else
        account = store::ensureAccount(ws->db(),
            QUrl(parser.value(QStringLiteral("url"))).adjusted(QUrl::StripTrailingSlash).toString().toStdString(),
            parser.value(QStringLiteral("org")).toStdString());
    if (!account) {
        printError(
            QStringLiteral("no account named %1 (see: account list)").arg(parser.value(QStringLiteral("account"))));
        return UsageError;
    }
    QString why;
    QByteArray token;
    if (parser.isSet(QStringLiteral("token-stdin")))
        token = server::TokenStore::fromStdin();
    if (token.isEmpty() && byName)
        token = server::TokenStore::read(
            server::keychainKey(QString::fromStdString(account->name), QString::fromStdString(account->baseUrl),
                QString::fromStdString(account->organization)),
            &why)
                    .value_or(QByteArray());
    if (token.isEmpty())
        token = server::TokenStore::fromEnvironment();
    if (token.isEmpty()) {
        printError(QStringLiteral("no token: %1; set SENTRY_AUTH_TOKEN or pass --token-stdin")
                       .arg(why.isEmpty() ? QStringLiteral("none given") : why));
        return UsageError;
    }
    server::PullOptions options;
    options.projects = parser.values(QStringLiteral("project"));
    options.query = parser.value(QStringLiteral("query"));
    options.statsPeriod = parser.value(QStringLiteral("stats-period"));
    options.eventsPerIssue = std::max(1, parser.value(QStringLiteral("events-per-issue")).toInt());
    options.eventBudget = std::max(0, parser.value(QStringLiteral("event-budget")).toInt());
    const std::string path = ws->path();
    ws.reset();
    const auto report = server::pullAccount(path, *account, token, options);
    if (!report) {
        printError(QString::fromStdString(report.error().message));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(reportJson(*report));
    } else {
        printLine(QStringLiteral("%1: %2 issues listed over %3 pages (%4 new, %5 fetched, %6 unchanged), %7 events "
                                 "stored, %8 requests, %9 retries, %10 s")
                      .arg(QString::fromStdString(account->name))
                      .arg(report->issuesListed)
                      .arg(report->pages)
                      .arg(report->issuesNew)
                      .arg(report->issuesChanged)
                      .arg(report->issuesUnchanged)
                      .arg(report->eventsImported)
                      .arg(report->client.requests)
                      .arg(report->client.retries)
                      .arg(report->seconds, 0, 'f', 1));
        for (const auto& w : report->warnings)
            printError(QString::fromStdString(w));
    }
    return report->issuesFailed > 0 ? PartialFailure : Success;
}

} // namespace stackdeck::cli
