#pragma once

#include "capabilities.h"
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
    int hashPagesPerIssue = 10; // /hashes/ pages followed per issue, at most
    // Issues the query listed last time and not this time, looked up by id
    // (deleted, merged, or changed so the query no longer matches), at most.
    int vanishedChecks = 1000;
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
    std::int64_t hashPages = 0; // /hashes/ pages read
    std::int64_t hashesHeldElsewhere
        = 0; // held by another issue (a file issue joins; another server issue stays apart)
    std::int64_t fileIssuesJoined = 0; // issues imported from files merged into the server issue sharing their hash
    std::int64_t issuesRechecked = 0; // listed last time, not now: looked up by id
    std::int64_t issuesDeleted = 0; // the server answers 404 for them
    std::int64_t issuesMerged = 0; // their id now resolves to another issue
    std::int64_t eventsFetched = 0; // full events downloaded
    std::int64_t eventsAlreadyStored = 0; // listed, not downloaded again
    std::int64_t eventsImported = 0; // new events stored
    bool budgetExhausted = false;
    bool firstSync = false; // the account had never synced: every issue is new to the workspace
    // Local ids of the issues this sync created or found unresolved again
    // (resolved or ignored before, or substatus regressed): what alert searches look at (syncalerts.h).
    std::vector<std::int64_t> newOrRegressed;
    ClientStats client;
    ServerCapabilities capabilities; // as known after this sync (stored with the account)
    double seconds = 0;
    std::vector<std::string> warnings; // at most 50
};

// Pulls one account's organization into the workspace: its projects, the
// issues the query matches (organization issue list, every page), and for
// each new or changed issue its hashes (every page, up to a bound), its
// latest event and up to N-1 recent ones. Issues the same query listed before
// and no longer lists are asked for by id, in batches: 404 marks them deleted,
// another id merged into it. Issues imported from files that hold one of a
// server issue's hashes are merged into it. Events go through the import (stored originals, grouped like
// imported events, joining their server issue by its id and hashes).
// Blocking: runs an event loop on the calling thread (a worker thread or the
// main one) until done. Takes the workspace's writer lock (shared).
Result<PullReport> pullAccount(const std::string& workspacePath, const store::ServerAccount& account,
    const QByteArray& token, const PullOptions& options, const std::atomic<bool>* cancel = nullptr,
    const PullHooks& hooks = {});

} // namespace stackdeck::server
