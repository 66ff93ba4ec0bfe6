#include "serverjobs.h"

#include "server/tokenstore.h"
#include "store/localuser.h"
#include "store/serverrows.h"
#include "store/writerlock.h"

#include <QHash>
#include <QObject>

#include <mutex>
#include <nlohmann/json.hpp>

namespace stackdeck::ui {
namespace {

template <typename Fn>
auto withWriter(const std::shared_ptr<store::WorkspaceSession>& session, const std::string& purpose, Fn fn)
    -> decltype(fn(std::declval<sql::Database&>()))
{
    using R = decltype(fn(std::declval<sql::Database&>()));
    if (!session)
        return R(Error {"no workspace is open"});
    auto lock = session->lock(store::WriterLock::Kind::Shared, purpose);
    if (!lock)
        return R(lock.error());
    auto writer = session->writer();
    if (!writer)
        return R(writer.error());
    try {
        return fn(writer->db());
    } catch (const std::exception& e) {
        return R(Error {purpose + ": " + e.what()});
    }
}

template <typename Fn>
auto withReader(const std::shared_ptr<store::WorkspaceSession>& session, Fn fn)
    -> decltype(fn(std::declval<sql::Database&>()))
{
    using R = decltype(fn(std::declval<sql::Database&>()));
    if (!session)
        return R(Error {"no workspace is open"});
    auto reader = session->reader();
    if (!reader)
        return R(reader.error());
    try {
        return fn(reader->db());
    } catch (const std::exception& e) {
        return R(Error {std::string("reading the workspace: ") + e.what()});
    }
}

bool isOpen(const std::string& state)
{
    return state == "pending" || state == "sending" || state == "failed" || state == "conflict";
}

QString keyOf(const store::ServerAccount& a)
{
    return server::keychainKey(
        QString::fromStdString(a.name), QString::fromStdString(a.baseUrl), QString::fromStdString(a.organization));
}

std::mutex& tokenMutex()
{
    static std::mutex m;
    return m;
}

QHash<QString, QByteArray>& memoryTokens()
{
    static QHash<QString, QByteArray> tokens;
    return tokens;
}

} // namespace

Result<std::vector<AccountRow>> readAccountRows(const std::shared_ptr<store::WorkspaceSession>& session)
{
    return withReader(session, [](sql::Database& db) -> Result<std::vector<AccountRow>> {
        std::vector<AccountRow> rows;
        for (auto& account : store::listAccounts(db)) {
            AccountRow row;
            row.account = std::move(account);
            for (const auto& e : store::listOutbox(db, row.account.id, true)) {
                row.pending += isOpen(e.state) ? 1 : 0;
                row.conflicts += e.state == "conflict" ? 1 : 0;
            }
            for (auto& p : store::accountProjects(db, row.account.id))
                row.projects.push_back({p.id, std::move(p.name), p.issues});
            rows.push_back(std::move(row));
        }
        return rows;
    });
}

Result<std::int64_t> addServerAccount(
    const std::shared_ptr<store::WorkspaceSession>& session, const store::ServerAccount& account)
{
    return withWriter(session, "adding the account", [&](sql::Database& db) { return store::addAccount(db, account); });
}

Result<bool> removeServerAccount(const std::shared_ptr<store::WorkspaceSession>& session, const std::string& name)
{
    return withWriter(session, "removing the account",
        [&](sql::Database& db) -> Result<bool> { return store::removeAccount(db, name); });
}

Result<std::vector<store::OutboxEntry>> readOpenOutbox(const std::shared_ptr<store::WorkspaceSession>& session)
{
    return withWriter(session, "reading the outbox", [](sql::Database& db) -> Result<std::vector<store::OutboxEntry>> {
        store::collectOutbox(db, store::nowMicros());
        auto rows = store::listOutbox(db, 0, true);
        std::erase_if(rows, [](const store::OutboxEntry& e) { return !isOpen(e.state); });
        return rows;
    });
}

Result<bool> dropOutbox(const std::shared_ptr<store::WorkspaceSession>& session, std::int64_t id)
{
    return withWriter(session, "dropping the change",
        [id](sql::Database& db) -> Result<bool> { return store::dropOutboxEntry(db, id); });
}

Result<bool> resolveConflict(
    const std::shared_ptr<store::WorkspaceSession>& session, std::int64_t id, store::ConflictChoice choice)
{
    return withWriter(session, "resolving the conflict", [id, choice](sql::Database& db) -> Result<bool> {
        return store::resolveOutboxConflict(db, id, choice, store::nowMicros());
    });
}

QString outboxValueText(const std::string& field, const std::string& value)
{
    if (value.empty())
        return QStringLiteral("—");
    const auto j = nlohmann::json::parse(value, nullptr, false);
    if (j.is_discarded())
        return QString::fromStdString(value);
    if (field == "status" && j.is_object()) {
        QString out = QString::fromStdString(j.value("status", std::string()));
        if (j.contains("statusDetails") && !j["statusDetails"].empty())
            out += QLatin1Char(' ') + QString::fromStdString(j["statusDetails"].dump());
        return out;
    }
    if ((field == "comment" || field == "note") && j.is_object())
        return QString::fromStdString(j.value("text", std::string())).simplified().left(80);
    if (j.is_string())
        return j.get<std::string>().empty() ? QObject::tr("(nobody)") : QString::fromStdString(j.get<std::string>());
    if (j.is_boolean())
        return j.get<bool>() ? QObject::tr("yes") : QObject::tr("no");
    return QString::fromStdString(j.dump());
}

std::string conflictServerValue(const std::string& result)
{
    const auto j = nlohmann::json::parse(result, nullptr, false);
    if (j.is_object() && j.contains("server"))
        return j["server"].is_null() ? std::string() : j["server"].dump();
    return result;
}

QByteArray accountToken(const store::ServerAccount& account, QString* why)
{
    const QString key = keyOf(account);
    {
        std::lock_guard guard(tokenMutex());
        if (const auto it = memoryTokens().constFind(key); it != memoryTokens().constEnd())
            return *it;
    }
    if (auto token = server::TokenStore::read(key, why); token && !token->isEmpty())
        return *token;
    return server::TokenStore::fromEnvironment();
}

QString rememberToken(const store::ServerAccount& account, const QByteArray& token)
{
    const QString key = keyOf(account);
    {
        std::lock_guard guard(tokenMutex());
        memoryTokens().insert(key, token);
    }
    const auto stored = server::TokenStore::store(key, token);
    return stored ? QObject::tr("the token is kept in the system keychain")
                  : QObject::tr("the token is kept in memory for this session (%1)")
                        .arg(QString::fromStdString(stored.error().message));
}

void forgetToken(const store::ServerAccount& account)
{
    const QString key = keyOf(account);
    {
        std::lock_guard guard(tokenMutex());
        memoryTokens().remove(key);
    }
    server::TokenStore::remove(key);
}

} // namespace stackdeck::ui
