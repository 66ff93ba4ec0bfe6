#include "puller.h"
#include "serverjson.h"
#include "store/serverrows.h"
#include "store/workspace.h"
#include "store/writerlock.h"

#include <QTimer>

#include <chrono>
#include <set>

namespace stackdeck::server {
namespace pull {

std::int64_t nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

bool fatalKind(ApiErrorKind kind)
{
    return kind == ApiErrorKind::Unauthorized || kind == ApiErrorKind::Tls || kind == ApiErrorKind::HostRefused
        || kind == ApiErrorKind::Cancelled;
}

} // namespace

Result<PullReport> Puller::run()
{
    QElapsedTimer clock;
    clock.start();
    auto lock = store::WriterLock::acquire(m_path, store::WriterLock::Kind::Shared, "sync");
    if (!lock)
        return lock.error();
    auto ws = store::Workspace::open(m_path);
    if (!ws)
        return ws.error();
    m_ws = std::move(ws).value();
    m_syncStart = nowMicros();
    m_report.firstSync = store::findAccountById(m_ws->db(), m_account.id).value_or(m_account).lastSyncAt == 0;
    if (!m_temp.isValid())
        return Error {"could not make a temporary folder for the import"};
    QTimer cancelPoll;
    QObject::connect(&cancelPoll, &QTimer::timeout, &m_loop, [this] {
        if (m_cancel && m_cancel->load())
            fail(QStringLiteral("cancelled"), ApiErrorKind::Cancelled);
    });
    cancelPoll.start(100);
    QTimer::singleShot(0, &m_loop, [this] { listOrganizations({}); });
    m_loop.exec();
    m_report.client = m_client.stats();
    m_report.seconds = static_cast<double>(clock.elapsed()) / 1000.0;
    if (m_fatal)
        return Error {m_fatal->toStdString()};
    store::setAccountSynced(m_ws->db(), m_account.id, nowMicros());
    m_capabilities.learnFromSync((m_region.isValid() ? m_region : m_client.baseUrl()).host().toStdString(),
        m_report.client.rateLimitHeaders > 0);
    if (m_capabilities != ServerCapabilities::fromJson(m_account.capabilities))
        store::setAccountCapabilities(m_ws->db(), m_account.id, m_capabilities.toJson());
    m_report.capabilities = m_capabilities;
    return m_report;
}

void Puller::listOrganizations(const QString& cursor)
{
    QUrlQuery q;
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    m_client.get({}, QStringLiteral("organizations/"), q, guarded([this](ApiResult r) {
        if (!r.ok())
            return fail(r.error->message, r.error->kind);
        for (const auto& o : r.response.json.is_array() ? r.response.json : nlohmann::json::array()) {
            if (text(o, "slug") != m_account.organization)
                continue;
            const auto links = o.is_object() ? o.value("links", nlohmann::json::object()) : nlohmann::json();
            const QString region = QString::fromStdString(text(links, "regionUrl"));
            if (!region.isEmpty()) {
                QString why;
                if (!m_client.allowRegion(QUrl(region), &why))
                    return fail(why, ApiErrorKind::HostRefused);
                m_region = QUrl(region);
                store::setAccountRegion(m_ws->db(), m_account.id, region.toStdString());
            }
            return listProjects({});
        }
        if (!r.response.nextCursor.isEmpty())
            return listOrganizations(r.response.nextCursor);
        fail(QStringLiteral("the organization '%1' is not among the organizations this token sees on %2")
                 .arg(QString::fromStdString(m_account.organization), m_client.baseUrl().host()),
            ApiErrorKind::NotFound);
    }));
}

void Puller::listProjects(const QString& cursor)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    m_client.get(m_region, org() + QStringLiteral("projects/"), q, guarded([this](ApiResult r) {
        if (!r.ok())
            return fail(r.error->message, r.error->kind);
        sql::Transaction tx(m_ws->db());
        for (const auto& p : r.response.json.is_array() ? r.response.json : nlohmann::json::array()) {
            const QString slug = QString::fromStdString(text(p, "slug"));
            if (m_options.projects.isEmpty() || m_options.projects.contains(slug))
                projectOf(p);
        }
        tx.commit();
        if (!r.response.nextCursor.isEmpty())
            return listProjects(r.response.nextCursor);
        for (const QString& wanted : std::as_const(m_options.projects)) {
            const bool found = std::any_of(m_projects.begin(), m_projects.end(),
                [&](const auto& p) { return p.second.name == wanted.toStdString(); });
            if (!found)
                return fail(QStringLiteral("the project '%1' is not in the organization '%2' (or the token cannot see "
                                           "it)")
                                .arg(wanted, QString::fromStdString(m_account.organization)),
                    ApiErrorKind::NotFound);
        }
        listIssues({});
    }));
}

ProjectInfo Puller::projectOf(const nlohmann::json& project)
{
    const std::string id = text(project, "id");
    if (auto it = m_projects.find(id); it != m_projects.end())
        return it->second;
    store::ServerProjectRef ref {id, text(project, "slug"), text(project, "platform")};
    ProjectInfo info;
    info.local = store::ensureServerProject(m_ws->db(), m_account.id, m_account.name, ref, nowMicros());
    info.name = store::projectNameOf(m_ws->db(), info.local);
    m_projects.emplace(id, info);
    return info;
}

void Puller::listIssues(const QString& cursor)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("query"), m_options.query);
    if (!m_options.statsPeriod.isEmpty())
        q.addQueryItem(QStringLiteral("statsPeriod"), m_options.statsPeriod);
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
    if (!m_options.projects.isEmpty()) {
        for (const auto& [id, info] : m_projects)
            q.addQueryItem(QStringLiteral("project"), QString::fromStdString(id));
    }
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    m_client.get(m_region, org() + QStringLiteral("issues/"), q, guarded([this](ApiResult r) {
        if (!r.ok())
            return fail(r.error->message, r.error->kind);
        ++m_report.pages;
        const auto toFetch = writeIssuePage(r.response.json);
        reportProgress(true);
        if (!r.response.nextCursor.isEmpty())
            listIssues(r.response.nextCursor); // queued ahead of this page's issues: the list keeps going
        else
            m_pagesDone = true;
        for (const auto& [serverId, project] : toFetch)
            fetchIssue(serverId, project, 0);
        maybeFinish();
    }));
}

std::vector<std::pair<std::string, ProjectInfo>> Puller::writeIssuePage(const nlohmann::json& page)
{
    std::vector<std::pair<std::string, ProjectInfo>> toFetch;
    sql::Transaction tx(m_ws->db());
    for (const auto& issue : page.is_array() ? page : nlohmann::json::array()) {
        const auto row = issueRowFromJson(issue);
        if (row.serverId.empty() || !issue.contains("project"))
            continue;
        const ProjectInfo project = projectOf(issue["project"]);
        m_capabilities.learnFromIssue(issue);
        const auto written = store::writeServerIssue(
            m_ws->db(), m_account.id, project.local, row, nowMicros(), m_options.query.toStdString());
        ++m_report.issuesListed;
        m_report.issuesNew += written.created ? 1 : 0;
        if (written.created || written.regressed)
            m_report.newOrRegressed.push_back(written.issueId);
        if (written.changed || !store::issueHasEvents(m_ws->db(), written.issueId)) {
            ++m_report.issuesChanged;
            toFetch.emplace_back(row.serverId, project);
        } else {
            ++m_report.issuesUnchanged;
        }
    }
    tx.commit();
    return toFetch;
}

bool Puller::takeBudget()
{
    if (m_budget <= 0) {
        m_report.budgetExhausted = true;
        return false;
    }
    --m_budget;
    return true;
}

void Puller::taskFailed(const ApiError& error)
{
    if (fatalKind(error.kind))
        return fail(error.message, error.kind);
    ++m_report.issuesFailed;
    warn(error.message.toStdString());
    taskDone();
}

void Puller::reportProgress(bool force)
{
    if (!m_hooks.progress || (!force && m_progressClock.isValid() && m_progressClock.elapsed() < 100))
        return;
    m_progressClock.start();
    m_hooks.progress(m_report);
}

void Puller::taskDone()
{
    --m_outstanding;
    reportProgress(false);
    if (m_eventCount >= static_cast<std::size_t>(std::max(1, m_options.importBatchEvents)) && !flush())
        return;
    maybeFinish();
}

void Puller::maybeFinish()
{
    if (m_fatal || !m_pagesDone || m_outstanding > 0)
        return;
    if (!m_vanishedAsked) {
        m_vanishedAsked = true;
        if (checkVanished())
            return;
    }
    if (flush())
        m_loop.quit();
}

void Puller::fail(const QString& message, ApiErrorKind kind)
{
    if (m_fatal)
        return;
    m_fatal = message;
    if (m_hooks.failed)
        m_hooks.failed(kind);
    m_client.cancelAll();
    m_loop.quit();
}

void Puller::warn(const std::string& message)
{
    if (m_report.warnings.size() < kMaxWarnings)
        m_report.warnings.push_back(message);
}

} // namespace pull

Result<PullReport> pullAccount(const std::string& workspacePath, const store::ServerAccount& account,
    const QByteArray& token, const PullOptions& options, const std::atomic<bool>* cancel, const PullHooks& hooks)
{
    try {
        pull::Puller puller(workspacePath, account, token, options, cancel, hooks);
        return puller.run();
    } catch (const std::exception& e) {
        return Error {std::string("the sync stopped: ") + e.what()};
    }
}

} // namespace stackdeck::server
