#include "importer/importjob.h"
#include "puller.h"
#include "regroup/issuemerge.h"
#include "store/serverrows.h"
#include "store/workspace.h"

#include <QDir>
#include <QFile>

namespace stackdeck::server::pull {

// A file-imported issue holding one of the server issue's hashes joins it
// (its events, notes and triage move over, as a merge by hand does).
void Puller::joinFileIssues(std::int64_t serverIssue, const std::vector<std::int64_t>& holders)
{
    std::vector<IssueId> ids {IssueId(serverIssue)};
    for (const std::int64_t holder : holders) {
        if (!store::issueIsFromServer(m_ws->db(), holder))
            ids.emplace_back(holder);
    }
    if (ids.size() < 2)
        return;
    const auto merged = regroup::mergeIssues(m_path, m_ws->db(), ids);
    if (!merged)
        return warn("a file issue sharing a hash with server issue " + std::to_string(serverIssue)
            + " could not join it: " + merged.error().message);
    m_report.fileIssuesJoined += static_cast<std::int64_t>(merged->issues.size());
}

// Hashes first (so the import finds the issues by them too), then one import
// run per project through a temporary NDJSON file.
bool Puller::flush()
{
    std::vector<std::pair<std::int64_t, std::vector<std::int64_t>>> held;
    try {
        sql::Transaction tx(m_ws->db());
        for (const auto& h : m_hashes) {
            m_report.hashes += static_cast<std::int64_t>(h.hashes.size());
            auto others = store::attachServerHashes(m_ws->db(), h.project, h.issue, h.hashes);
            m_report.hashesHeldElsewhere += static_cast<std::int64_t>(others.size());
            if (!others.empty())
                held.emplace_back(h.issue, std::move(others));
        }
        tx.commit();
        for (const auto& [issue, holders] : held)
            joinFileIssues(issue, holders);
    } catch (const std::exception& e) {
        fail(QStringLiteral("could not store the issues' hashes: %1").arg(QString::fromUtf8(e.what())),
            ApiErrorKind::ClientError);
        return false;
    }
    m_hashes.clear();
    const QString label = QString::fromStdString(m_account.name);
    const std::string location
        = m_client.baseUrl().toString().toStdString() + "/organizations/" + m_account.organization;
    for (auto& [name, lines] : m_events) {
        const QString file = m_temp.filePath(QStringLiteral("events.ndjson"));
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            fail(QStringLiteral("could not write %1: %2").arg(file, out.errorString()), ApiErrorKind::ClientError);
            return false;
        }
        for (const auto& line : lines)
            out.write(line + '\n');
        out.close();
        ImportOptions options;
        options.project = name;
        options.sourceKind = "server";
        const auto summary = ImportJob(m_path, options).run({file.toStdString()}, m_cancel);
        QFile::remove(file);
        if (!summary.fatalError.empty()) {
            fail(QStringLiteral("storing the events failed: %1").arg(QString::fromStdString(summary.fatalError)),
                ApiErrorKind::ClientError);
            return false;
        }
        m_report.eventsImported += summary.events;
        for (const auto& rejection : summary.rejected)
            warn("an event was not stored: " + rejection.error);
        store::adoptImportSource(
            m_ws->db(), QDir(file).absolutePath().toStdString(), location, label.toStdString(), nowMicros());
    }
    m_events.clear();
    m_eventCount = 0;
    return true;
}

} // namespace stackdeck::server::pull
