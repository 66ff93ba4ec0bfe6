#include "clicommon.h"
#include "server/pullsync.h"
#include "server/syncalerts.h"
#include "server/tokenstore.h"
#include "store/accounts.h"
#include "store/workspace.h"

#include <QDateTime>
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
        {"rate_limited", r.client.rateLimited}, {"seconds", r.seconds}, {"warnings", r.warnings},
        {"hash_pages", r.hashPages}, {"file_issues_joined", r.fileIssuesJoined},
        {"issues_rechecked", r.issuesRechecked}, {"issues_deleted", r.issuesDeleted}, {"issues_merged", r.issuesMerged},
        {"capabilities", nlohmann::json::parse(r.capabilities.toJson())}};
}

nlohmann::json alertJson(const server::SyncAlert& a)
{
    nlohmann::json searches = nlohmann::json::array();
    for (const auto& s : a.searches)
        searches.push_back({{"name", s.name}, {"issues", s.issues}});
    return {{"issues", a.issues}, {"searches", searches}, {"titles", a.titles}, {"errors", a.errors}};
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
    // The alert searches' new or regressed issues (a desktop notification in the window).
    server::SyncAlert alert;
    if (auto reader = store::Workspace::open(path))
        alert = server::syncAlerts((*reader)->db(), *report, QDateTime::currentMSecsSinceEpoch() * 1000);
    if (parser.isSet(QStringLiteral("json"))) {
        auto out = reportJson(*report);
        out["alerts"] = alertJson(alert);
        printJson(out);
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
        if (report->issuesRechecked > 0 || report->fileIssuesJoined > 0)
            printLine(QCoreApplication::translate("cli",
                "%1 issues no longer listed looked up: %2 deleted, %3 merged on the server; %4 imported issues joined "
                "their server issue")
                          .arg(report->issuesRechecked)
                          .arg(report->issuesDeleted)
                          .arg(report->issuesMerged)
                          .arg(report->fileIssuesJoined));
        if (!alert.empty())
            printLine(QCoreApplication::translate("cli", "Alert: %1: %2").arg(alert.title(), alert.body()));
        for (const auto& e : alert.errors)
            printError(QCoreApplication::translate("cli", "alert search skipped: %1").arg(QString::fromStdString(e)));
        for (const auto& w : report->warnings)
            printError(QString::fromStdString(w));
    }
    return report->issuesFailed > 0 ? PartialFailure : Success;
}

} // namespace stackdeck::cli
