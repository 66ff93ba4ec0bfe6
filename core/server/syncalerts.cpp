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
    if (regressed > 0)
        parts << QCoreApplication::translate("SyncAlert", "regressed: %1").arg(regressed);
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

namespace {

// The alert searches' matches among `candidates` into `alert` (searches, issues).
void matchAlertSearches(
    sql::Database& db, const std::vector<std::int64_t>& candidates, std::int64_t nowMicros, SyncAlert& alert)
{
    std::vector<store::SavedSearch> searches = store::savedSearches(db);
    searches.erase(
        std::remove_if(searches.begin(), searches.end(), [](const auto& s) { return !s.notify; }), searches.end());
    if (searches.empty())
        return;
    auto context = query::loadQueryContext(db, nowMicros);
    if (!context)
        return;
    for (const auto& search : searches) {
        const auto compiled = query::compileIssueQuery(search.query, *context);
        if (!compiled.ok()) {
            alert.errors.push_back(search.name + ": " + compiled.error->message);
            continue;
        }
        const auto matched = store::issuesAmong(db, compiled.countFilter, candidates);
        if (matched.empty())
            continue;
        alert.searches.push_back({search.name, static_cast<std::int64_t>(matched.size())});
        alert.issues.insert(alert.issues.end(), matched.begin(), matched.end());
    }
}

void finishAlert(sql::Database& db, SyncAlert& alert)
{
    std::sort(alert.issues.begin(), alert.issues.end());
    alert.issues.erase(std::unique(alert.issues.begin(), alert.issues.end()), alert.issues.end());
    for (std::size_t i = 0; i < std::min(kTitles, alert.issues.size()); ++i) {
        if (const auto issue = store::issueById(db, IssueId(alert.issues[i])))
            alert.titles.push_back(issue->title);
    }
}

} // namespace

SyncAlert syncAlerts(sql::Database& db, const PullReport& report, std::int64_t nowMicros)
{
    SyncAlert alert;
    if (report.firstSync || report.newOrRegressed.empty())
        return alert;
    matchAlertSearches(db, report.newOrRegressed, nowMicros, alert);
    finishAlert(db, alert);
    return alert;
}

SyncAlert endpointAlert(sql::Database& db, const std::vector<std::int64_t>& created,
    const std::vector<std::int64_t>& cameBack, std::int64_t nowMicros)
{
    SyncAlert alert;
    std::vector<std::int64_t> candidates = created;
    candidates.insert(candidates.end(), cameBack.begin(), cameBack.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (candidates.empty())
        return alert;
    matchAlertSearches(db, candidates, nowMicros, alert);
    std::vector<std::int64_t> back = cameBack;
    std::sort(back.begin(), back.end());
    back.erase(std::unique(back.begin(), back.end()), back.end());
    alert.regressed = static_cast<std::int64_t>(back.size());
    alert.issues.insert(alert.issues.end(), back.begin(), back.end());
    finishAlert(db, alert);
    return alert;
}

} // namespace stackdeck::server
