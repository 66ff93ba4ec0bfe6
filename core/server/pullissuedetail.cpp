#include "puller.h"
#include "serverjson.h"
#include "store/serverrows.h"
#include "store/workspace.h"

namespace stackdeck::server::pull {

void Puller::fetchIssue(const std::string& serverId, const ProjectInfo& project, std::int64_t)
{
    const QString base = org() + QStringLiteral("issues/%1/").arg(QString::fromStdString(serverId));
    m_outstanding += 3; // hashes, the latest event, the recent events list
    fetchHashes(base, serverId, project, {}, std::make_shared<IssueHashes>(), std::max(1, m_options.hashPagesPerIssue));
    if (takeBudget())
        fetchEvent(base + QStringLiteral("events/latest/"), project);
    else
        --m_outstanding;
    if (m_options.eventsPerIssue <= 1) {
        --m_outstanding;
        return;
    }
    QUrlQuery listQuery;
    listQuery.addQueryItem(QStringLiteral("per_page"), QString::number(std::min(100, m_options.eventsPerIssue)));
    m_client.get(m_region, base + QStringLiteral("events/"), listQuery, guarded([this, base, project](ApiResult r) {
        if (!r.ok())
            return taskFailed(*r.error);
        for (const auto& e : r.response.json.is_array() ? r.response.json : nlohmann::json::array()) {
            const std::string id = text(e, "eventID");
            if (id.size() != 32 || m_seenEventIds.count(id) || store::eventStored(m_ws->db(), project.local, id)) {
                m_report.eventsAlreadyStored += id.size() == 32 && !m_seenEventIds.count(id) ? 1 : 0;
                continue;
            }
            if (!takeBudget())
                break;
            m_seenEventIds.insert(id);
            ++m_outstanding;
            fetchEvent(base + QStringLiteral("events/%1/").arg(QString::fromStdString(id)), project);
        }
        taskDone();
    }));
}

// Every page of the issue's hashes (an issue Sentry merged has many), up to
// the bound; what was read before a failure or the bound still counts.
void Puller::fetchHashes(const QString& base, const std::string& serverId, const ProjectInfo& project,
    const QString& cursor, std::shared_ptr<IssueHashes> found, int pagesLeft)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("full"), QStringLiteral("false"));
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    m_client.get(m_region, base + QStringLiteral("hashes/"), q,
        guarded([this, base, serverId, project, found, pagesLeft](ApiResult r) {
            if (r.ok()) {
                ++m_report.hashPages;
                for (const auto& item : r.response.json.is_array() ? r.response.json : nlohmann::json::array()) {
                    if (const std::string hash = text(item, "id"); !hash.empty())
                        found->hashes.push_back(hash);
                }
                if (!r.response.nextCursor.isEmpty() && pagesLeft > 1)
                    return fetchHashes(base, serverId, project, r.response.nextCursor, found, pagesLeft - 1);
                if (!r.response.nextCursor.isEmpty())
                    warn("issue " + serverId + " has more hashes than " + std::to_string(m_options.hashPagesPerIssue)
                        + " pages; the rest were not read");
            }
            found->project = project.local;
            found->issue = store::issueOfServerId(m_ws->db(), project.local, serverId);
            if (found->issue > 0 && !found->hashes.empty())
                m_hashes.push_back(std::move(*found));
            if (!r.ok())
                return taskFailed(*r.error);
            taskDone();
        }));
}

void Puller::fetchEvent(const QString& path, const ProjectInfo& project)
{
    m_client.get(m_region, path, {}, guarded([this, project](ApiResult r) {
        if (!r.ok())
            return taskFailed(*r.error);
        addEvent(project, r.response);
        taskDone();
    }));
}

void Puller::addEvent(const ProjectInfo& project, const ApiResponse& response)
{
    ++m_report.eventsFetched;
    const std::string id = text(response.json, "eventID");
    m_seenEventIds.insert(id);
    if (id.empty() || store::eventStored(m_ws->db(), project.local, id)) {
        ++m_report.eventsAlreadyStored;
        return;
    }
    // One NDJSON line: the body as received unless it spans lines.
    QByteArray line = response.raw.contains('\n') ? QByteArray::fromStdString(response.json.dump()) : response.raw;
    m_events[project.name].push_back(std::move(line));
    ++m_eventCount;
}

} // namespace stackdeck::server::pull
