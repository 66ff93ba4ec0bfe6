#pragma once

#include "sqlite.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// A server account as the workspace keeps it: where and which organization.
// The token is not part of it: it lives in the OS keychain or in memory
// (core/server/tokenstore.h), never in the workspace.
struct ServerAccount {
    std::int64_t id = 0;
    std::string name;
    std::string baseUrl; // without a trailing slash
    std::string organization; // slug
    std::string regionUrl; // links.regionUrl from the last sync; empty: the base URL
    std::int64_t createdAt = 0; // microseconds
    std::int64_t lastSyncAt = 0; // 0: never
    std::string capabilities; // JSON, what the server showed it can do (core/server/capabilities.h); empty: unknown
};

Result<std::int64_t> addAccount(sql::Database& db, const ServerAccount& account);
std::vector<ServerAccount> listAccounts(sql::Database& db);
std::optional<ServerAccount> findAccount(sql::Database& db, const std::string& name);
std::optional<ServerAccount> findAccountById(sql::Database& db, std::int64_t id);
// An account for base URL + organization, created (named after them) when missing.
ServerAccount ensureAccount(sql::Database& db, const std::string& baseUrl, const std::string& organization);
bool removeAccount(sql::Database& db, const std::string& name);
void setAccountRegion(sql::Database& db, std::int64_t account, const std::string& regionUrl);
void setAccountSynced(sql::Database& db, std::int64_t account, std::int64_t at);
void setAccountCapabilities(sql::Database& db, std::int64_t account, const std::string& capabilitiesJson);

} // namespace stackdeck::store
