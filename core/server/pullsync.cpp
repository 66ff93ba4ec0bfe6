#include "pullsync.h"

#include "importer/importjob.h"
#include "regroup/issuemerge.h"
#include "serverjson.h"
#include "store/serverrows.h"
#include "store/workspace.h"
#include "store/writerlock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <chrono>
#include <map>
#include <set>

namespace stackdeck::server {
namespace {

constexpr std::size_t kMaxWarnings = 50;
constexpr std::size_t kIdsPerList = 100;

std::int64_t nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool fatalKind(ApiErrorKind kind)
{
    return kind == ApiErrorKind::Unauthorized || kind == ApiErrorKind::Tls || kind == ApiErrorKind::HostRefused
        || kind == ApiErrorKind::Cancelled;
}

struct ProjectInfo {
    std::int64_t local = 0;
    std::string name;
};

struct IssueHashes {
    std::int64_t project = 0;
    std::int64_t issue = 0;
    std::vector<std::string> hashes;
};

class Puller {
public:
    Puller(const std::string& path, const store::ServerAccount& account, const QByteArray& token,
        const PullOptions& options, const std::atomic<bool>* cancel, const PullHooks& hooks)
        : m_path(path)
        , m_account(account)
        , m_options(options)
        , m_cancel(cancel)
        , m_hooks(hooks)
        , m_client(QUrl(QString::fromStdString(account.baseUrl)), token, options.client)
        , m_budget(options.eventBudget)
        , m_capabilities(ServerCapabilities::fromJson(account.capabilities))
    {
    }

    Result<PullReport> run();

private:
    QString org() const
    {
        return QStringLiteral("organizations/%1/").arg(QString::fromStdString(m_account.organization));
    }
    void listOrganizations(const QString& cursor);
    void listProjects(const QString& cursor);
    void listIssues(const QString& cursor);
    std::vector<std::pair<std::string, ProjectInfo>> writeIssuePage(const nlohmann::json& page);
    ProjectInfo projectOf(const nlohmann::json& project);
    void fetchIssue(const std::string& serverId, const ProjectInfo& project, std::int64_t issue);
    void fetchHashes(const QString& base, const std::string& serverId, const ProjectInfo& project,
        const QString& cursor, std::shared_ptr<IssueHashes> found, int pagesLeft);
    bool checkVanished();
    void lookUpVanished(const std::string& serverId);
    void joinFileIssues(std::int64_t serverIssue, const std::vector<std::int64_t>& holders);
    void fetchEvent(const QString& path, const ProjectInfo& project);
    void addEvent(const ProjectInfo& project, const ApiResponse& response);
    bool takeBudget();
    // Callbacks run from the event loop, which must not see an exception: a
    // failed store write ends the sync with its message.
    SentryClient::Callback guarded(std::function<void(ApiResult)> body)
    {
        return [this, body = std::move(body)](ApiResult r) {
            try {
                body(std::move(r));
            } catch (const std::exception& e) {
                fail(
                    QStringLiteral("the sync stopped: %1").arg(QString::fromUtf8(e.what())), ApiErrorKind::ClientError);
            }
        };
    }
    void taskFailed(const ApiError& error);
    void taskDone();
    void fail(const QString& message, ApiErrorKind kind);
    void warn(const std::string& message);
    bool flush();
    void maybeFinish();
    void reportProgress(bool force);

    std::string m_path;
    store::ServerAccount m_account;
    PullOptions m_options;
    const std::atomic<bool>* m_cancel;
    PullHooks m_hooks;
    QElapsedTimer m_progressClock;
    std::unique_ptr<store::Workspace> m_ws;
    SentryClient m_client;
    QUrl m_region;
    QEventLoop m_loop;
    QTemporaryDir m_temp;
    std::map<std::string, ProjectInfo> m_projects; // server project id -> local
    std::map<std::string, std::vector<QByteArray>> m_events; // local project name -> NDJSON lines
    std::size_t m_eventCount = 0;
    std::set<std::string> m_seenEventIds; // asked for in this sync
    std::vector<IssueHashes> m_hashes;
    std::int64_t m_outstanding = 0;
    bool m_pagesDone = false;
    bool m_vanishedAsked = false;
    std::int64_t m_syncStart = 0;
    std::int64_t m_budget;
    std::optional<QString> m_fatal;
    ServerCapabilities m_capabilities;
    PullReport m_report;
};

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

bool Puller::takeBudget()
{
    if (m_budget <= 0) {
        m_report.budgetExhausted = true;
        return false;
    }
    --m_budget;
    return true;
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

} // namespace

Result<PullReport> pullAccount(const std::string& workspacePath, const store::ServerAccount& account,
    const QByteArray& token, const PullOptions& options, const std::atomic<bool>* cancel, const PullHooks& hooks)
{
    try {
        Puller puller(workspacePath, account, token, options, cancel, hooks);
        return puller.run();
    } catch (const std::exception& e) {
        return Error {std::string("the sync stopped: ") + e.what()};
    }
}

} // namespace stackdeck::server
