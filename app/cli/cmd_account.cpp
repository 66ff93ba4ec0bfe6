#include "clicommon.h"
#include "server/capabilities.h"
#include "server/tokenstore.h"
#include "store/accounts.h"

#include <QUrl>

namespace stackdeck::cli {
namespace {

QString keyOf(const store::ServerAccount& a)
{
    return server::keychainKey(
        QString::fromStdString(a.name), QString::fromStdString(a.baseUrl), QString::fromStdString(a.organization));
}

// "glitchtip, no bookmarks, no rate-limit headers": what the last sync or push learned.
QString capabilityText(const server::ServerCapabilities& c)
{
    if (c.flavor == server::ServerCapabilities::Flavor::Unknown && !c.bookmarks && !c.assignment)
        return QCoreApplication::translate("cli", "capabilities not known yet");
    QStringList parts {QString::fromLatin1(server::flavorName(c.flavor))};
    if (c.bookmarks == false)
        parts << QCoreApplication::translate("cli", "no bookmarks");
    if (c.assignment == false)
        parts << QCoreApplication::translate("cli", "no assignment");
    if (c.rateLimitHeaders == false)
        parts << QCoreApplication::translate("cli", "no rate-limit headers");
    return parts.join(QStringLiteral(", "));
}

int addAccount(const QCommandLineParser& parser, store::Workspace& ws)
{
    store::ServerAccount a;
    a.name = parser.value(QStringLiteral("name")).toStdString();
    const QUrl url(parser.value(QStringLiteral("url")));
    a.organization = parser.value(QStringLiteral("org")).toStdString();
    if (a.name.empty() || a.organization.empty() || !url.isValid()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) || url.host().isEmpty()) {
        printError(QStringLiteral("usage: account add --name N --url https://HOST --org ORG [--token-stdin]"));
        return UsageError;
    }
    a.baseUrl
        = url.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery | QUrl::RemoveFragment).toString().toStdString();
    const QByteArray token = parser.isSet(QStringLiteral("token-stdin")) ? server::TokenStore::fromStdin()
                                                                         : server::TokenStore::fromEnvironment();
    const auto id = store::addAccount(ws.db(), a);
    if (!id) {
        printError(QString::fromStdString(id.error().message));
        return UsageError;
    }
    QString tokenNote = QStringLiteral("no token given: set SENTRY_AUTH_TOKEN when syncing");
    if (!token.isEmpty()) {
        const auto stored = server::TokenStore::store(keyOf(a), token);
        tokenNote = stored ? QStringLiteral("token saved in the keychain")
                           : QStringLiteral("token not saved (%1): set SENTRY_AUTH_TOKEN when syncing")
                                 .arg(QString::fromStdString(stored.error().message));
    }
    if (parser.isSet(QStringLiteral("json")))
        printJson({{"id", *id}, {"name", a.name}, {"token", tokenNote.toStdString()}});
    else
        printLine(QStringLiteral("account %1 added; %2").arg(QString::fromStdString(a.name), tokenNote));
    return Success;
}

} // namespace

int runAccount(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Server accounts: add, list, remove. Tokens go to the OS "
                                                    "keychain, never to the workspace."));
    addCommonOptions(parser);
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add | list | remove NAME"));
    parser.addOption({QStringLiteral("name"), QStringLiteral("The account's name."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("url"), QStringLiteral("The server's base URL."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("org"), QStringLiteral("The organization slug."), QStringLiteral("ORG")});
    parser.addOption({QStringLiteral("token-stdin"), QStringLiteral("Read the token from standard input.")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    auto ws = openWorkspace(parser, action == QLatin1String("add"));
    if (!ws)
        return UsageError;
    if (action == QLatin1String("add"))
        return addAccount(parser, *ws);
    if (action == QLatin1String("list")) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& a : store::listAccounts(ws->db())) {
            const auto caps = server::ServerCapabilities::fromJson(a.capabilities);
            rows.push_back({{"name", a.name}, {"url", a.baseUrl}, {"organization", a.organization},
                {"region", a.regionUrl}, {"last_sync", a.lastSyncAt ? isoTime(a.lastSyncAt) : std::string()},
                {"capabilities", nlohmann::json::parse(caps.toJson())}});
            if (!parser.isSet(QStringLiteral("json")))
                printLine(QStringLiteral("%1  %2  %3  %4  %5")
                              .arg(QString::fromStdString(a.name), QString::fromStdString(a.baseUrl),
                                  QString::fromStdString(a.organization),
                                  a.lastSyncAt ? QString::fromStdString(isoTime(a.lastSyncAt))
                                               : QStringLiteral("never synced"),
                                  capabilityText(caps)));
        }
        if (parser.isSet(QStringLiteral("json")))
            printJson(rows);
        return Success;
    }
    if (action == QLatin1String("remove") && pos.size() == 2) {
        const auto a = store::findAccount(ws->db(), pos[1].toStdString());
        if (!a || !store::removeAccount(ws->db(), a->name)) {
            printError(QStringLiteral("no account named %1").arg(pos[1]));
            return UsageError;
        }
        server::TokenStore::remove(keyOf(*a));
        printLine(QStringLiteral("account %1 removed (its issues stay in the workspace)").arg(pos[1]));
        return Success;
    }
    printError(QStringLiteral("usage: account add --name N --url URL --org ORG [--token-stdin] | account list | "
                              "account remove NAME"));
    return UsageError;
}

} // namespace stackdeck::cli
