#include "clicommon.h"
#include "server/push.h"
#include "server/tokenstore.h"
#include "store/accounts.h"
#include "store/localuser.h"
#include "store/outbox.h"

namespace stackdeck::cli {
namespace {

QByteArray tokenFor(const store::ServerAccount& account)
{
    QString why;
    QByteArray token = server::TokenStore::read(
        server::keychainKey(QString::fromStdString(account.name), QString::fromStdString(account.baseUrl),
            QString::fromStdString(account.organization)),
        &why)
                           .value_or(QByteArray());
    return token.isEmpty() ? server::TokenStore::fromEnvironment() : token;
}

nlohmann::json reportJson(const std::string& account, const server::PushReport& r)
{
    nlohmann::json actions = nlohmann::json::array();
    for (const auto& a : r.actions)
        actions.push_back(
            {{"id", a.id}, {"short_id", a.shortId}, {"field", a.field}, {"outcome", a.outcome}, {"detail", a.detail}});
    return {{"account", account}, {"sent", r.sent}, {"already", r.already}, {"conflicts", r.conflicts},
        {"failed", r.failed}, {"unsupported", r.unsupported}, {"update_calls", r.updateCalls}, {"comments", r.comments},
        {"merges", r.merges}, {"checks", r.checks}, {"requests", r.client.requests}, {"retries", r.client.retries},
        {"seconds", r.seconds}, {"actions", actions}};
}

int resolve(const QCommandLineParser& parser, store::Workspace& ws)
{
    const bool mine = parser.isSet(QStringLiteral("keep-mine"));
    if (mine == parser.isSet(QStringLiteral("take-server"))) {
        printError(QStringLiteral("usage: push --resolve ID (--keep-mine | --take-server)"));
        return UsageError;
    }
    if (!store::resolveOutboxConflict(ws.db(), parser.value(QStringLiteral("resolve")).toLongLong(),
            mine ? store::ConflictChoice::KeepMine : store::ConflictChoice::TakeServer, store::nowMicros())) {
        printError(QStringLiteral("no conflict %1 (see: outbox)").arg(parser.value(QStringLiteral("resolve"))));
        return UsageError;
    }
    printLine(mine ? QStringLiteral("kept yours: pushed again next time") : QStringLiteral("took the server's value"));
    return Success;
}

} // namespace

int runPush(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Push the outbox to the servers its issues came from."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("account"), QStringLiteral("Only this account."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("Compare with the server; send nothing.")});
    parser.addOption({QStringLiteral("resolve"), QStringLiteral("Resolve the conflict ID."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("keep-mine"), QStringLiteral("With --resolve: push your value.")});
    parser.addOption({QStringLiteral("take-server"), QStringLiteral("With --resolve: take the server's value.")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    auto ws = openWorkspace(parser, true);
    if (!ws)
        return UsageError;
    if (parser.isSet(QStringLiteral("resolve")))
        return resolve(parser, *ws);
    std::vector<store::ServerAccount> accounts;
    for (auto& a : store::listAccounts(ws->db())) {
        if (!parser.isSet(QStringLiteral("account")) || a.name == parser.value(QStringLiteral("account")).toStdString())
            accounts.push_back(std::move(a));
    }
    const std::string path = ws->path();
    ws.reset();
    nlohmann::json out = nlohmann::json::array();
    bool partial = false;
    for (const auto& account : accounts) {
        const QByteArray token = tokenFor(account);
        if (token.isEmpty()) {
            printError(QStringLiteral("%1: no token (keychain or SENTRY_AUTH_TOKEN); skipped")
                           .arg(QString::fromStdString(account.name)));
            partial = true;
            continue;
        }
        server::PushOptions options;
        options.dryRun = parser.isSet(QStringLiteral("dry-run"));
        const auto report = server::pushAccount(path, account, token, options);
        if (!report) {
            printError(QStringLiteral("%1: %2").arg(
                QString::fromStdString(account.name), QString::fromStdString(report.error().message)));
            partial = true;
            continue;
        }
        partial = partial || report->failed > 0 || report->conflicts > 0;
        if (parser.isSet(QStringLiteral("json"))) {
            out.push_back(reportJson(account.name, *report));
            continue;
        }
        for (const auto& a : report->actions)
            printLine(QStringLiteral("%1  %2  %3: %4 %5")
                          .arg(a.id)
                          .arg(QString::fromStdString(a.shortId), QString::fromStdString(a.field),
                              QString::fromStdString(a.outcome), QString::fromStdString(a.detail)));
        printLine(QStringLiteral("%1: %2 sent, %3 already there, %4 conflicts, %5 failed, %6 unsupported; %7 requests, "
                                 "%8 retries, %9 s")
                      .arg(QString::fromStdString(account.name))
                      .arg(report->sent)
                      .arg(report->already)
                      .arg(report->conflicts)
                      .arg(report->failed)
                      .arg(report->unsupported)
                      .arg(report->client.requests)
                      .arg(report->client.retries)
                      .arg(report->seconds, 0, 'f', 1));
    }
    if (parser.isSet(QStringLiteral("json")))
        printJson(out);
    return partial ? PartialFailure : Success;
}

} // namespace stackdeck::cli
