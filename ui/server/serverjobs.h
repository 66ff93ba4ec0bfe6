#pragma once

#include "store/accounts.h"
#include "store/outbox.h"
#include "store/workspacesession.h"
#include "util/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace stackdeck::ui {

// The workspace reads and writes of the server views, run on a worker (never
// the GUI thread). Each takes the session's connection for its thread.

struct AccountProject {
    std::int64_t id = 0; // projects.id
    std::string name;
    std::int64_t issues = 0; // the account's server issues in it
};

struct AccountRow {
    store::ServerAccount account;
    std::vector<AccountProject> projects; // by name
    std::int64_t issues = 0; // server issues of the account in the workspace
    std::int64_t pending = 0; // open outbox rows (pending, sending, failed, conflict)
    std::int64_t conflicts = 0;
};

Result<std::vector<AccountRow>> readAccountRows(const std::shared_ptr<store::WorkspaceSession>& session);
Result<std::int64_t> addServerAccount(
    const std::shared_ptr<store::WorkspaceSession>& session, const store::ServerAccount& account);
Result<bool> removeServerAccount(const std::shared_ptr<store::WorkspaceSession>& session, const std::string& name);

// The open outbox rows of every account (what the outbox view shows), after
// collecting what the outbox learns by looking (issue notes, merges).
Result<std::vector<store::OutboxEntry>> readOpenOutbox(const std::shared_ptr<store::WorkspaceSession>& session);
Result<bool> dropOutbox(const std::shared_ptr<store::WorkspaceSession>& session, std::int64_t id);
Result<bool> resolveConflict(
    const std::shared_ptr<store::WorkspaceSession>& session, std::int64_t id, store::ConflictChoice choice);

// "resolved", "(nobody)", a comment's text, true/false: one outbox value as plain text.
QString outboxValueText(const std::string& field, const std::string& json);
// The server's value a conflict row recorded ({"server": value}), as JSON.
std::string conflictServerValue(const std::string& result);

// The token of an account: this session's memory, else the OS keychain, else
// SENTRY_AUTH_TOKEN. Empty (with `why`) when none answers. Blocking (the
// keychain): on a worker.
QByteArray accountToken(const store::ServerAccount& account, QString* why = nullptr);
// Keeps the token in the OS keychain when one answers, and in this process's
// memory in any case (never on disk otherwise). Returns where it went.
QString rememberToken(const store::ServerAccount& account, const QByteArray& token);
void forgetToken(const store::ServerAccount& account);

} // namespace stackdeck::ui
