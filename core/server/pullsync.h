#pragma once

#include "sentryclient.h"
#include "store/accounts.h"
#include "util/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stackdeck::server {

struct PullOptions {
    QStringList projects; // slugs; empty: every project the token sees
    QString query = QStringLiteral("is:unresolved");
    QString statsPeriod = QStringLiteral("14d");
    int eventsPerIssue = 1; // the latest event, and up to N-1 recent others
    int eventBudget = 10000; // full events downloaded per sync, at most
    int importBatchEvents = 2000; // events per import run
    ClientOptions client;
};

struct PullReport;
// What the window shows while a sync runs, and why it stopped.
struct PullHooks {
    // On the pulling thread after each issue page and, at most every 100 ms, as issues are fetched.
    std::function<void(const PullReport&)> progress;
    // The kind of the error that ended the sync (Network: the server could not be reached).
    std::function<void(ApiErrorKind)> failed;
};

struct PullReport {
    std::int64_t pages = 0; // issue list pages
    std::int64_t issuesListed = 0;
    std::int64_t issuesNew = 0;
    std::int64_t issuesChanged = 0; // fetched in full (new ones included)
    std::int64_t issuesUnchanged = 0; // lastSeen, status and assignee as last time: not fetched again
    std::int64_t issuesFailed = 0; // their events or hashes could not be fetched (warnings say why)
    std::int64_t hashes = 0;
    std::int64_t hashesHeldElsewhere = 0; // held by a local (file) issue: that issue stays apart
    std::int64_t eventsFetched = 0; // full events downloaded
    std::int64_t eventsAlreadyStored = 0; // listed, not downloaded again
    std::int64_t eventsImported = 0; // new events stored
    bool budgetExhausted = false;
    ClientStats client;
    double seconds = 0;
    std::vector<std::string> warnings; // at most 50
};

// Pulls one account's organization into the workspace: its projects, the
// issues the query matches (organization issue list, every page), and for
// each new or changed issue its hashes, its latest event and up to N-1
// recent ones. Events go through the import (stored originals, grouped like
// imported events, joining their server issue by its id and hashes).
// Blocking: runs an event loop on the calling thread (a worker thread or the
// main one) until done. Takes the workspace's writer lock (shared).
Result<PullReport> pullAccount(const std::string& workspacePath, const store::ServerAccount& account,
    const QByteArray& token, const PullOptions& options, const std::atomic<bool>* cancel = nullptr,
    const PullHooks& hooks = {});

} // namespace stackdeck::server
