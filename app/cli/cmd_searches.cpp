#include "query/issuequery.h"
#include "store/savedsearches.h"
#include "triagecommon.h"

#include <QDateTime>

#include <algorithm>

namespace stackdeck::cli {

namespace {

void printSearches(const std::vector<store::SavedSearch>& searches, bool json)
{
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& s : searches)
            list.push_back(
                {{"id", s.id}, {"name", s.name}, {"query", s.query}, {"position", s.position}, {"notify", s.notify}});
        printJson({{"searches", list}});
        return;
    }
    if (searches.empty())
        printLine(QStringLiteral("no saved searches"));
    for (const auto& s : searches)
        printLine(QStringLiteral("%1  %2%3")
                      .arg(QString::fromStdString(s.name), -24)
                      .arg(QString::fromStdString(s.query))
                      .arg(s.notify ? QStringLiteral("  (notifies)") : QString()));
}

// The query must compile against this workspace, as the window's search field would.
bool checkQuery(sql::Database& db, const std::string& text)
{
    const Micros now = QDateTime::currentMSecsSinceEpoch() * 1000;
    auto context = query::loadQueryContext(db, now);
    if (!context) {
        printError(QString::fromStdString(context.error().message));
        return false;
    }
    const auto compiled = query::compileIssueQuery(text, *context);
    if (compiled.error) {
        printError(QStringLiteral("query: %1 (at column %2)")
                       .arg(QString::fromStdString(compiled.error->message))
                       .arg(compiled.error->position + 1));
        return false;
    }
    return true;
}

} // namespace

int runSearches(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "List, add or remove the workspace's saved searches (the window's sidebar shows them with live counts). "
        "Adding a name that exists replaces its query."));
    addCommonOptions(parser);
    addWaitOption(parser);
    parser.addOption({QStringLiteral("name"), QStringLiteral("add: the search's name."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("query"), QStringLiteral("add: the search, e.g. 'is:unresolved level:error'."),
        QStringLiteral("Q")});
    parser.addOption({QStringLiteral("notify"),
        QStringLiteral("add: an alert search (its new or regressed issues raise a notification after a sync).")});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list (default), add or remove NAME."),
        QStringLiteral("[list | add | remove NAME]"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0, QStringLiteral("list"));
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool listing = action == QLatin1String("list");
    const bool adding = action == QLatin1String("add");
    const bool removing = action == QLatin1String("remove");
    const bool named = parser.isSet(QStringLiteral("name")) || parser.isSet(QStringLiteral("query"))
        || parser.isSet(QStringLiteral("notify"));
    if ((!listing && !adding && !removing) || (listing && (positional.size() > 1 || named))
        || (adding
            && (positional.size() != 1 || parser.value(QStringLiteral("name")).trimmed().isEmpty()
                || !parser.isSet(QStringLiteral("query"))))
        || (removing && (positional.size() != 2 || named))) {
        printError(QStringLiteral("usage: searches [list | add --name NAME --query Q [--notify] | remove NAME]"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    if (listing) {
        printSearches(store::savedSearches(ws->db()), json);
        return Success;
    }
    const auto lock = lockForTriage(parser, "saved searches");
    if (!lock)
        return UsageError;
    if (adding) {
        const std::string query = parser.value(QStringLiteral("query")).toStdString();
        if (!checkQuery(ws->db(), query))
            return UsageError;
        const auto id
            = store::saveSearch(ws->db(), parser.value(QStringLiteral("name")).trimmed().toStdString(), query);
        const auto notified = id ? store::setSavedSearchNotify(ws->db(), *id, parser.isSet(QStringLiteral("notify")))
                                 : Status(id.error());
        if (!notified) {
            printError(QString::fromStdString(notified.error().message));
            return UsageError;
        }
    } else {
        const std::string name = positional[1].toStdString();
        const auto searches = store::savedSearches(ws->db());
        const auto it = std::find_if(
            searches.begin(), searches.end(), [&](const store::SavedSearch& s) { return s.name == name; });
        if (it == searches.end()) {
            printError(QStringLiteral("no saved search named '%1'").arg(positional[1]));
            return UsageError;
        }
        const auto removed = store::removeSavedSearch(ws->db(), it->id);
        if (!removed) {
            printError(QString::fromStdString(removed.error().message));
            return UsageError;
        }
    }
    printSearches(store::savedSearches(ws->db()), json);
    return Success;
}

} // namespace stackdeck::cli
