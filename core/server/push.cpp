#include "push.h"

#include "capabilities.h"
#include "pushplan.h"
#include "serverjson.h"
#include "store/localuser.h"
#include "store/outbox.h"
#include "store/serverrows.h"
#include "store/workspace.h"
#include "store/writerlock.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace stackdeck::server {
namespace {

constexpr int kIdsPerCall = 100;
constexpr int kUncertainSends = 3; // a comment or merge is sent at most this often, with a check between

bool uncertain(const ApiError& e)
{
    // The request may have reached the server and been applied.
    return e.kind == ApiErrorKind::Network || e.kind == ApiErrorKind::ServerError || e.kind == ApiErrorKind::BadBody;
}

class Pusher {
public:
    Pusher(const std::string& path, const store::ServerAccount& account, const QByteArray& token,
        const PushOptions& options, const std::atomic<bool>* cancel)
        : m_path(path)
        , m_account(account)
        , m_options(options)
        , m_cancel(cancel)
        , m_client(QUrl(QString::fromStdString(account.baseUrl)), token, options.client)
    {
    }

    Result<PushReport> run();

private:
    QString org() const
    {
        return QStringLiteral("organizations/%1/").arg(QString::fromStdString(m_account.organization));
    }
    QString issuePath(const std::string& serverId) const
    {
        return org() + QStringLiteral("issues/%1/").arg(QString::fromStdString(serverId));
    }
    void readServerIssues(const std::vector<store::OutboxEntry>& entries);
    void plan(const std::vector<store::OutboxEntry>& entries);
    void sendUpdates();
    void sendComment(const store::OutboxEntry& e, int sends, bool checkFirst);
    void checkComment(const store::OutboxEntry& e, int sends);
    void sendMerge(const store::OutboxEntry& e, int sends, bool checkFirst);
    void checkMerge(const store::OutboxEntry& e, int sends);
    void mergeDone(const store::OutboxEntry& e, const std::string& parent, bool already);
    void record(const store::OutboxEntry& e, const std::string& outcome, const std::string& detail);
    void markSending(const std::vector<const store::OutboxEntry*>& entries);
    void flushResults();
    void unsupported(const store::OutboxEntry& e);
    void begin() { ++m_outstanding; }
    void end()
    {
        if (--m_outstanding == 0)
            m_loop.quit();
    }
    void wait()
    {
        if (m_outstanding > 0 && !m_fatal)
            m_loop.exec();
    }
    void fail(const QString& message)
    {
        if (!m_fatal)
            m_fatal = message;
        m_client.cancelAll();
        m_loop.quit();
    }
    SentryClient::Callback guarded(std::function<void(ApiResult)> body)
    {
        return [this, body = std::move(body)](ApiResult r) {
            try {
                if (!r.ok()
                    && (r.error->kind == ApiErrorKind::Unauthorized || r.error->kind == ApiErrorKind::Tls
                        || r.error->kind == ApiErrorKind::HostRefused || r.error->kind == ApiErrorKind::Cancelled))
                    return fail(r.error->message);
                body(std::move(r));
            } catch (const std::exception& e) {
                fail(QStringLiteral("the push stopped: %1").arg(QString::fromUtf8(e.what())));
            }
        };
    }

    struct Result1 {
        std::int64_t id;
        std::string state;
        std::string result;
    };

    std::string m_path;
    store::ServerAccount m_account;
    PushOptions m_options;
    const std::atomic<bool>* m_cancel;
    std::unique_ptr<store::Workspace> m_ws;
    SentryClient m_client;
    QUrl m_region;
    QEventLoop m_loop;
    std::int64_t m_outstanding = 0;
    std::optional<QString> m_fatal;
    std::map<std::string, nlohmann::json> m_server; // server id -> the issue as the server has it now
    std::set<std::string> m_gone; // 404 on its detail: deleted on the server
    // (project, field, body) -> rows to send in bulk
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<store::OutboxEntry>> m_updates;
    std::vector<store::OutboxEntry> m_comments;
    std::vector<store::OutboxEntry> m_merges;
    std::vector<Result1> m_results;
    ServerCapabilities m_capabilities; // as the account has them; what a refusal teaches is saved
    PushReport m_report;
};

Result<PushReport> Pusher::run()
{
    QElapsedTimer clock;
    clock.start();
    auto lock = store::WriterLock::acquire(m_path, store::WriterLock::Kind::Shared, "push");
    if (!lock)
        return lock.error();
    auto ws = store::Workspace::open(m_path);
    if (!ws)
        return ws.error();
    m_ws = std::move(ws).value();
    if (const auto stored = store::findAccountById(m_ws->db(), m_account.id))
        m_capabilities = ServerCapabilities::fromJson(stored->capabilities);
    const ServerCapabilities known = m_capabilities;
    store::collectOutbox(m_ws->db(), store::nowMicros());
    std::vector<store::OutboxEntry> entries;
    for (auto& e : store::listOutbox(m_ws->db(), m_account.id, true)) {
        if (e.state != "conflict" && !e.serverId.empty())
            entries.push_back(std::move(e));
    }
    if (!m_account.regionUrl.empty()) {
        QString why;
        if (!m_client.allowRegion(QUrl(QString::fromStdString(m_account.regionUrl)), &why))
            return Error {why.toStdString()};
        m_region = QUrl(QString::fromStdString(m_account.regionUrl));
    }
    QTimer cancelPoll;
    QObject::connect(&cancelPoll, &QTimer::timeout, &m_loop, [this] {
        if (m_cancel && m_cancel->load())
            fail(QStringLiteral("cancelled"));
    });
    cancelPoll.start(100);
    readServerIssues(entries);
    if (!m_fatal) {
        plan(entries);
        if (!m_options.dryRun) {
            sendUpdates();
            for (const auto& e : m_comments)
                sendComment(e, 0, e.state == "sending");
            for (const auto& e : m_merges)
                sendMerge(e, 0, e.state == "sending");
            wait();
        }
    }
    if (!m_options.dryRun) {
        flushResults();
        if (m_capabilities != known)
            store::setAccountCapabilities(m_ws->db(), m_account.id, m_capabilities.toJson());
    }
    m_report.client = m_client.stats();
    m_report.seconds = static_cast<double>(clock.elapsed()) / 1000.0;
    if (m_fatal)
        return Error {m_fatal->toStdString()};
    return m_report;
}

// The issue list filtered by id, 100 at a time, every status; an issue it
// does not return is asked for by id (404: deleted; another id: merged).
void Pusher::readServerIssues(const std::vector<store::OutboxEntry>& entries)
{
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const auto& e : entries) {
        if ((e.field != "comment" && e.field != "merge") && m_capabilities.supports(e.field)
            && seen.insert(e.serverId).second)
            ids.push_back(e.serverId);
    }
    for (std::size_t from = 0; from < ids.size(); from += kIdsPerCall) {
        QString filter;
        const std::size_t to = std::min(ids.size(), from + kIdsPerCall);
        for (std::size_t i = from; i < to; ++i)
            filter += (i == from ? QString() : QStringLiteral(",")) + QString::fromStdString(ids[i]);
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), QStringLiteral("issue.id:[%1]").arg(filter));
        q.addQueryItem(QStringLiteral("limit"), QString::number(kIdsPerCall));
        begin();
        m_client.get(m_region, org() + QStringLiteral("issues/"), q, guarded([this](ApiResult r) {
            if (r.ok() && r.response.json.is_array()) {
                for (const auto& issue : r.response.json)
                    m_server[text(issue, "id")] = issue;
            }
            end();
        }));
    }
    wait();
    for (const std::string& id : ids) {
        if (m_fatal || m_server.count(id))
            continue;
        begin();
        m_client.get(m_region, issuePath(id), {}, guarded([this, id](ApiResult r) {
            if (r.ok())
                m_server[id] = r.response.json;
            else if (r.error->kind == ApiErrorKind::NotFound)
                m_gone.insert(id);
            end();
        }));
    }
    wait();
}

void Pusher::plan(const std::vector<store::OutboxEntry>& entries)
{
    const std::int64_t now = store::nowMicros();
    for (const auto& e : entries) {
        if (e.field == "comment") {
            m_comments.push_back(e);
            continue;
        }
        if (e.field == "merge") {
            m_merges.push_back(e);
            continue;
        }
        if (!m_capabilities.supports(e.field)) {
            unsupported(e);
            continue;
        }
        if (m_gone.count(e.serverId)) {
            record(e, "failed", "the issue was deleted on the server");
            continue;
        }
        const auto found = m_server.find(e.serverId);
        if (found == m_server.end()) {
            record(e, "failed", "the server did not return the issue");
            continue;
        }
        const nlohmann::json& issue = found->second;
        if (text(issue, "id") != e.serverId) {
            record(e, "failed", "the issue was merged into " + text(issue, "id") + " on the server");
            continue;
        }
        switch (checkField(e.field, e.before, e.after, issue)) {
        case FieldCheck::Already:
            record(e, "already", {});
            break;
        case FieldCheck::Unsupported:
            m_capabilities.refused(e.field);
            unsupported(e);
            break;
        case FieldCheck::Conflict:
            record(e, "conflict", nlohmann::json {{"server", serverValue(e.field, issue)}}.dump());
            break;
        case FieldCheck::Send:
            if (m_options.dryRun)
                record(e, "would-send", {});
            else
                m_updates[{e.projectServerId, e.field, updateBody(e.field, e.after, now).dump()}].push_back(e);
            break;
        }
    }
}

void Pusher::sendUpdates()
{
    std::vector<const store::OutboxEntry*> all;
    for (const auto& [key, rows] : m_updates) {
        for (const auto& r : rows)
            all.push_back(&r);
    }
    markSending(all);
    for (const auto& [key, rows] : m_updates) {
        const nlohmann::json body = nlohmann::json::parse(std::get<2>(key));
        for (std::size_t from = 0; from < rows.size(); from += kIdsPerCall) {
            const std::size_t to = std::min(rows.size(), from + kIdsPerCall);
            std::vector<store::OutboxEntry> batch(
                rows.begin() + static_cast<std::ptrdiff_t>(from), rows.begin() + static_cast<std::ptrdiff_t>(to));
            QUrlQuery q;
            for (const auto& r : batch)
                q.addQueryItem(QStringLiteral("id"), QString::fromStdString(r.serverId));
            ++m_report.updateCalls;
            begin();
            m_client.put(m_region, org() + QStringLiteral("issues/"), q, body,
                guarded([this, batch = std::move(batch)](ApiResult r) {
                    // 404 or 405 on an update the organization's other updates get through: the server has no
                    // such field (GlitchTip's bookmarks, assignment on older GlitchTip).
                    const bool refused = !r.ok() && (r.error->status == 404 || r.error->status == 405)
                        && (batch.front().field == "isBookmarked" || batch.front().field == "assignedTo");
                    if (refused)
                        m_capabilities.refused(batch.front().field);
                    for (const auto& e : batch) {
                        if (refused)
                            unsupported(e);
                        else
                            record(
                                e, r.ok() ? "sent" : "failed", r.ok() ? std::string() : r.error->message.toStdString());
                    }
                    end();
                }));
        }
    }
    wait();
}

void Pusher::sendComment(const store::OutboxEntry& e, int sends, bool checkFirst)
{
    if (checkFirst)
        return checkComment(e, sends);
    if (sends == 0)
        markSending({&e});
    const nlohmann::json after = nlohmann::json::parse(e.after, nullptr, false);
    ++m_report.comments;
    begin();
    m_client.post(m_region, issuePath(e.serverId) + QStringLiteral("comments/"),
        {{"text", after.value("text", std::string())}}, guarded([this, e, sends](ApiResult r) {
            if (r.ok())
                record(e, "sent", {});
            else if (r.error->message.contains(QStringLiteral("already posted")))
                record(e, "already", {});
            else if (uncertain(*r.error) && sends + 1 < kUncertainSends)
                checkComment(e, sends + 1);
            else
                record(e, "failed", r.error->message.toStdString());
            end();
        }));
}

// Newest first: a comment whose answer was lost is on the first page.
void Pusher::checkComment(const store::OutboxEntry& e, int sends)
{
    const std::string text = nlohmann::json::parse(e.after, nullptr, false).value("text", std::string());
    ++m_report.checks;
    begin();
    m_client.get(
        m_region, issuePath(e.serverId) + QStringLiteral("comments/"), {}, guarded([this, e, sends, text](ApiResult r) {
            bool there = false;
            if (r.ok() && r.response.json.is_array()) {
                for (const auto& note : r.response.json)
                    there = there || (note.contains("data") && server::text(note["data"], "text") == text);
            }
            if (there)
                record(e, "already", {});
            else if (r.ok())
                sendComment(e, sends, false);
            else
                record(e, "failed", r.error->message.toStdString());
            end();
        }));
}

void Pusher::sendMerge(const store::OutboxEntry& e, int sends, bool checkFirst)
{
    if (checkFirst)
        return checkMerge(e, sends);
    if (sends == 0)
        markSending({&e});
    QUrlQuery q;
    for (const auto& id : nlohmann::json::parse(e.after, nullptr, false).value("ids", nlohmann::json::array()))
        q.addQueryItem(QStringLiteral("id"), QString::fromStdString(id.get<std::string>()));
    ++m_report.merges;
    begin();
    m_client.put(m_region, org() + QStringLiteral("issues/"), q, {{"merge", 1}}, guarded([this, e, sends](ApiResult r) {
        if (r.ok())
            mergeDone(e, r.response.json.contains("merge") ? text(r.response.json["merge"], "parent") : "", false);
        else if (uncertain(*r.error) && sends + 1 < kUncertainSends)
            checkMerge(e, sends + 1);
        else
            record(e, "failed", r.error->message.toStdString());
        end();
    }),
        false);
}

// Merged already when every id now resolves to one issue (the ID of an issue
// merged away resolves to the survivor).
void Pusher::checkMerge(const store::OutboxEntry& e, int sends)
{
    const auto ids = nlohmann::json::parse(e.after, nullptr, false).value("ids", nlohmann::json::array());
    auto answers = std::make_shared<std::vector<std::string>>();
    auto left = std::make_shared<std::size_t>(ids.size());
    for (const auto& id : ids) {
        ++m_report.checks;
        begin();
        m_client.get(
            m_region, issuePath(id.get<std::string>()), {}, guarded([this, e, sends, answers, left](ApiResult r) {
                answers->push_back(r.ok() ? text(r.response.json, "id") : std::string());
                if (--*left == 0) {
                    const bool one = std::all_of(answers->begin(), answers->end(),
                        [&](const std::string& a) { return !a.empty() && a == answers->front(); });
                    if (one)
                        mergeDone(e, answers->front(), true);
                    else
                        sendMerge(e, sends, false);
                }
                end();
            }));
    }
}

void Pusher::mergeDone(const store::OutboxEntry& e, const std::string& parent, bool already)
{
    record(e, already ? "already" : "sent", parent.empty() ? std::string() : "parent " + parent);
    if (parent.empty())
        return;
    sql::Transaction tx(m_ws->db());
    for (const auto& id : nlohmann::json::parse(e.after, nullptr, false).value("ids", nlohmann::json::array())) {
        if (id.get<std::string>() != parent)
            store::markServerIssueMerged(m_ws->db(), m_account.id, id.get<std::string>(), parent);
    }
    // The server keeps the issue with the most events; the local issue the
    // others joined now stands for that one.
    if (parent != e.serverId)
        store::adoptServerMergeParent(m_ws->db(), m_account.id, e.issue, parent);
    tx.commit();
}

// Kept local, and said so: the row stays in the outbox as "unsupported" and
// the pull leaves the local value alone.
void Pusher::unsupported(const store::OutboxEntry& e)
{
    record(e, "unsupported",
        std::string("kept local: this server (") + flavorName(m_capabilities.flavor) + ") does not support "
            + capabilityName(e.field));
}

void Pusher::record(const store::OutboxEntry& e, const std::string& outcome, const std::string& detail)
{
    if (outcome == "sent")
        ++m_report.sent;
    else if (outcome == "already")
        ++m_report.already;
    else if (outcome == "conflict")
        ++m_report.conflicts;
    else if (outcome == "failed")
        ++m_report.failed;
    else if (outcome == "unsupported")
        ++m_report.unsupported;
    m_report.actions.push_back({e.id, e.shortId, e.field, e.before, e.after, outcome, detail});
    if (outcome != "would-send")
        m_results.push_back({e.id, outcome == "already" ? std::string("sent") : outcome,
            outcome == "already" ? std::string("already on the server") : detail});
}

void Pusher::markSending(const std::vector<const store::OutboxEntry*>& entries)
{
    sql::Transaction tx(m_ws->db());
    const std::int64_t now = store::nowMicros();
    for (const auto* e : entries)
        store::setOutboxState(m_ws->db(), e->id, "sending", {}, now);
    tx.commit();
}

void Pusher::flushResults()
{
    try {
        sql::Transaction tx(m_ws->db());
        const std::int64_t now = store::nowMicros();
        for (const auto& r : m_results)
            store::setOutboxState(m_ws->db(), r.id, r.state, r.result, now);
        tx.commit();
        m_results.clear();
    } catch (const std::exception& e) {
        if (!m_fatal)
            m_fatal = QStringLiteral("the push results could not be saved: %1").arg(QString::fromUtf8(e.what()));
    }
}

} // namespace

Result<PushReport> pushAccount(const std::string& workspacePath, const store::ServerAccount& account,
    const QByteArray& token, const PushOptions& options, const std::atomic<bool>* cancel)
{
    try {
        Pusher pusher(workspacePath, account, token, options, cancel);
        return pusher.run();
    } catch (const std::exception& e) {
        return Error {std::string("the push stopped: ") + e.what()};
    }
}

} // namespace stackdeck::server
