#include "syncalerts.h"

#include "query/issuequery.h"
#include "query/querycontext.h"
#include "store/issuequeries.h"
#include "store/savedsearches.h"
#include "store/serverrows.h"

#include <QCoreApplication>

#include <algorithm>

namespace stackdeck::server {
namespace {

constexpr std::size_t kTitles = 3;

} // namespace

QString SyncAlert::title() const
{
    return issues.size() == 1
        ? QCoreApplication::translate("SyncAlert", "1 new or regressed issue")
        : QCoreApplication::translate("SyncAlert", "%1 new or regressed issues").arg(issues.size());
}

QString SyncAlert::body() const
{
    QStringList parts;
    for (const Search& s : searches)
        parts << QCoreApplication::translate("SyncAlert", "%1: %2").arg(QString::fromStdString(s.name)).arg(s.issues);
    QStringList names;
    for (const std::string& t : titles)
        names << QString::fromStdString(t);
    QString text = parts.join(QStringLiteral(", "));
    if (!names.isEmpty())
        text += QStringLiteral(" — ") + names.join(QStringLiteral("; "));
    if (issues.size() > titles.size())
        text += QCoreApplication::translate("SyncAlert", " and %1 more").arg(issues.size() - titles.size());
    return text;
}

SyncAlert syncAlerts(sql::Database& db, const PullReport& report, std::int64_t nowMicros)
{
    SyncAlert alert;
    if (report.firstSync || report.newOrRegressed.empty())
        return alert;
    std::vector<store::SavedSearch> searches = store::savedSearches(db);
    searches.erase(
        std::remove_if(searches.begin(), searches.end(), [](const auto& s) { return !s.notify; }), searches.end());
    if (searches.empty())
        return alert;
    auto context = query::loadQueryContext(db, nowMicros);
    if (!context)
        return alert;
    for (const auto& search : searches) {
        const auto compiled = query::compileIssueQuery(search.query, *context);
        if (!compiled.ok()) {
            alert.errors.push_back(search.name + ": " + compiled.error->message);
            continue;
        }
        const auto matched = store::issuesAmong(db, compiled.countFilter, report.newOrRegressed);
        if (matched.empty())
            continue;
        alert.searches.push_back({search.name, static_cast<std::int64_t>(matched.size())});
        alert.issues.insert(alert.issues.end(), matched.begin(), matched.end());
    }
    std::sort(alert.issues.begin(), alert.issues.end());
    alert.issues.erase(std::unique(alert.issues.begin(), alert.issues.end()), alert.issues.end());
    for (std::size_t i = 0; i < std::min(kTitles, alert.issues.size()); ++i) {
        if (const auto issue = store::issueById(db, IssueId(alert.issues[i])))
            alert.titles.push_back(issue->title);
    }
    return alert;
}

} // namespace stackdeck::server
