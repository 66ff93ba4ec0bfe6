#include "accounts.h"

#include <chrono>

namespace stackdeck::store {
namespace {

constexpr std::string_view kColumns
    = "SELECT id, name, base_url, organization, coalesce(region_url, ''), created_at, coalesce(last_sync_at, 0), "
      "coalesce(capabilities, '') FROM server_accounts ";

ServerAccount readAccount(const sql::Statement& st)
{
    ServerAccount a;
    a.id = st.int64(0);
    a.name = st.text(1);
    a.baseUrl = st.text(2);
    a.organization = st.text(3);
    a.regionUrl = st.text(4);
    a.createdAt = st.int64(5);
    a.lastSyncAt = st.int64(6);
    a.capabilities = st.text(7);
    return a;
}

std::int64_t nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

Result<std::int64_t> addAccount(sql::Database& db, const ServerAccount& account)
{
    if (findAccount(db, account.name))
        return Error {"an account named '" + account.name + "' exists already"};
    auto& insert = db.cached("INSERT INTO server_accounts(name, base_url, organization, region_url, created_at) "
                             "VALUES(?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, account.name)
        .bind(2, account.baseUrl)
        .bind(3, account.organization)
        .bindOrNull(4, account.regionUrl)
        .bind(5, account.createdAt > 0 ? account.createdAt : nowMicros())
        .run();
    return db.lastInsertRowId();
}

std::vector<ServerAccount> listAccounts(sql::Database& db)
{
    sql::Statement st(db, std::string(kColumns) + "ORDER BY name");
    std::vector<ServerAccount> out;
    while (st.step())
        out.push_back(readAccount(st));
    return out;
}

std::optional<ServerAccount> findAccount(sql::Database& db, const std::string& name)
{
    sql::Statement st(db, std::string(kColumns) + "WHERE name = ?1");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    return readAccount(st);
}

std::optional<ServerAccount> findAccountById(sql::Database& db, std::int64_t id)
{
    sql::Statement st(db, std::string(kColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readAccount(st);
}

ServerAccount ensureAccount(sql::Database& db, const std::string& baseUrl, const std::string& organization)
{
    sql::Statement st(db, std::string(kColumns) + "WHERE base_url = ?1 AND organization = ?2 ORDER BY id LIMIT 1");
    st.bind(1, baseUrl).bind(2, organization);
    if (st.step())
        return readAccount(st);
    ServerAccount a;
    a.baseUrl = baseUrl;
    a.organization = organization;
    a.name = organization + "@" + baseUrl;
    for (int n = 2; findAccount(db, a.name); ++n)
        a.name = organization + "@" + baseUrl + "#" + std::to_string(n);
    a.id = addAccount(db, a).value();
    return *findAccountById(db, a.id);
}

bool removeAccount(sql::Database& db, const std::string& name)
{
    auto& del = db.cached("DELETE FROM server_accounts WHERE name = ?1");
    del.bind(1, name).run();
    return db.changes() > 0;
}

void setAccountRegion(sql::Database& db, std::int64_t account, const std::string& regionUrl)
{
    auto& update = db.cached("UPDATE server_accounts SET region_url = ?2 WHERE id = ?1");
    update.bind(1, account).bindOrNull(2, regionUrl).run();
}

void setAccountSynced(sql::Database& db, std::int64_t account, std::int64_t at)
{
    auto& update = db.cached("UPDATE server_accounts SET last_sync_at = ?2 WHERE id = ?1");
    update.bind(1, account).bind(2, at).run();
}

} // namespace stackdeck::store

namespace stackdeck::store {

void setAccountCapabilities(sql::Database& db, std::int64_t account, const std::string& capabilitiesJson)
{
    auto& update = db.cached("UPDATE server_accounts SET capabilities = ?2 WHERE id = ?1");
    update.bind(1, account).bindOrNull(2, capabilitiesJson).run();
}

} // namespace stackdeck::store
