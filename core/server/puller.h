#pragma once

// The pull sync's worker, shared by its files: pullsync.cpp (the run, the
// listings and their bookkeeping), pullissuedetail.cpp (an issue's hashes and
// events), pullvanished.cpp (issues a listing no longer returns) and
// pullstore.cpp (writing what was fetched). Internal to core/server.

#include "capabilities.h"
#include "pullsync.h"
#include "sentryclient.h"
#include "store/workspace.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QUrl>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stackdeck::server::pull {

constexpr std::size_t kMaxWarnings = 50;
constexpr std::size_t kIdsPerList = 100;

std::int64_t nowMicros();

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

} // namespace stackdeck::server::pull
