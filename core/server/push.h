#pragma once

#include "sentryclient.h"
#include "store/accounts.h"
#include "util/result.h"

#include <QByteArray>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace stackdeck::server {

struct PushOptions {
    bool dryRun = false; // compare with the server and say what would be sent; change nothing
    ClientOptions client;
};

// What happened (or, dry run, would happen) to one outbox row.
struct PushAction {
    std::int64_t id = 0; // outbox row
    std::string shortId;
    std::string field;
    std::string before;
    std::string after;
    std::string outcome; // sent, already (the server had it), conflict, failed, unsupported, would-send
    std::string detail; // the server's value for a conflict, the error for a failure
};

struct PushReport {
    std::int64_t sent = 0;
    std::int64_t already = 0; // the server already had the change (a lost answer, a teammate's identical change)
    std::int64_t conflicts = 0;
    std::int64_t failed = 0;
    std::int64_t unsupported = 0; // the server cannot do it (kept local)
    std::int64_t updateCalls = 0; // bulk PUTs
    std::int64_t comments = 0; // comments posted
    std::int64_t merges = 0; // merge calls
    std::int64_t checks = 0; // reads made to learn whether a lost comment or merge was applied
    std::vector<PushAction> actions;
    ClientStats client;
    double seconds = 0;
};

// Pushes an account's outbox: reads the current server value of every
// field it changes (the issue list by id, 100 at a time), marks a conflict
// where someone changed it since the user decided, sends the rest as bulk
// updates grouped by project and identical change (at most 100 ids a call),
// comments one by one and merges by the bulk merge. Each row gets one
// recorded result. Status, assignee, bookmark and seen updates are re-sent
// freely; a comment or merge whose answer was lost is checked on the server
// before it is sent again. The window between the check and the write is not
// closed: the API has no conditional update. Blocking: runs an event loop on
// the calling thread. Takes the writer lock (shared).
Result<PushReport> pushAccount(const std::string& workspacePath, const store::ServerAccount& account,
    const QByteArray& token, const PushOptions& options, const std::atomic<bool>* cancel = nullptr);

} // namespace stackdeck::server
