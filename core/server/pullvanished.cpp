#include "puller.h"
#include "serverjson.h"
#include "store/serverrows.h"
#include "store/workspace.h"

#include <set>

namespace stackdeck::server::pull {

// The listing is complete: what the same query listed before and not now is
// asked for by id through the issue list (100 a call); what that does not
// return either, by its detail (404: deleted; another id: merged into it).
bool Puller::checkVanished()
{
    std::vector<std::int64_t> projects;
    for (const auto& [id, info] : m_projects)
        projects.push_back(info.local);
    const auto ids = store::vanishedServerIssues(m_ws->db(), m_account.id, projects, m_options.query.toStdString(),
        m_syncStart, static_cast<std::size_t>(std::max(0, m_options.vanishedChecks)));
    for (std::size_t from = 0; from < ids.size(); from += kIdsPerList) {
        const std::vector<std::string> batch(ids.begin() + static_cast<std::ptrdiff_t>(from),
            ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), from + kIdsPerList)));
        QString filter;
        for (const auto& id : batch)
            filter += (filter.isEmpty() ? QString() : QStringLiteral(",")) + QString::fromStdString(id);
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), QStringLiteral("issue.id:[%1]").arg(filter));
        q.addQueryItem(QStringLiteral("limit"), QString::number(kIdsPerList));
        m_report.issuesRechecked += static_cast<std::int64_t>(batch.size());
        ++m_outstanding;
        m_client.get(m_region, org() + QStringLiteral("issues/"), q, guarded([this, batch](ApiResult r) {
            if (!r.ok())
                return taskFailed(*r.error);
            std::set<std::string> returned;
            std::vector<std::pair<std::string, ProjectInfo>> toFetch;
            sql::Transaction tx(m_ws->db());
            for (const auto& issue : r.response.json.is_array() ? r.response.json : nlohmann::json::array()) {
                const auto row = issueRowFromJson(issue);
                if (row.serverId.empty() || !issue.contains("project"))
                    continue;
                returned.insert(row.serverId);
                const ProjectInfo project = projectOf(issue["project"]);
                // Still there, no longer matching the query: not looked up again until a listing returns it.
                const auto written = store::writeServerIssue(m_ws->db(), m_account.id, project.local, row, nowMicros());
                if (written.regressed)
                    m_report.newOrRegressed.push_back(written.issueId);
                if (written.changed)
                    toFetch.emplace_back(row.serverId, project);
            }
            tx.commit();
            for (const auto& id : batch) {
                if (!returned.count(id))
                    lookUpVanished(id);
            }
            for (const auto& [serverId, project] : toFetch)
                fetchIssue(serverId, project, 0);
            taskDone();
        }));
    }
    return !ids.empty();
}

void Puller::lookUpVanished(const std::string& serverId)
{
    ++m_outstanding;
    m_client.get(m_region, org() + QStringLiteral("issues/%1/").arg(QString::fromStdString(serverId)), {},
        guarded([this, serverId](ApiResult r) {
            if (!r.ok() && r.error->kind == ApiErrorKind::NotFound) {
                store::markServerIssueDeleted(m_ws->db(), m_account.id, serverId);
                ++m_report.issuesDeleted;
                return taskDone();
            }
            if (!r.ok())
                return taskFailed(*r.error);
            const auto row = issueRowFromJson(r.response.json);
            if (!row.serverId.empty() && row.serverId != serverId) {
                store::markServerIssueMerged(m_ws->db(), m_account.id, serverId, row.serverId);
                ++m_report.issuesMerged;
            } else if (!row.serverId.empty() && r.response.json.contains("project")) {
                const ProjectInfo project = projectOf(r.response.json["project"]);
                store::writeServerIssue(m_ws->db(), m_account.id, project.local, row, nowMicros());
            }
            taskDone();
        }));
}

} // namespace stackdeck::server::pull
