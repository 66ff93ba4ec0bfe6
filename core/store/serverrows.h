#pragma once

#include "sqlfilter.h"
#include "sqlite.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// The rows a sync writes besides events (those go through the import):
// server projects, server issues with what the server says about them, and
// the hashes that make events join them.

struct ServerProjectRef {
    std::string serverId;
    std::string slug;
    std::string platform;
};
// The local project of a server project: the one already linked to it, else
// a file-imported project of the same name (so its events and the server's
// share hashes and issues), else a new one named after the slug (with
// "@account" when another account has that name).
std::int64_t ensureServerProject(sql::Database& db, std::int64_t account, const std::string& accountName,
    const ServerProjectRef& project, std::int64_t now);

// An issue as the server lists it (plain values; the caller decodes the JSON).
struct ServerIssueRow {
    std::string serverId;
    std::string shortId;
    std::string permalink;
    std::string title;
    std::string culprit;
    std::string level; // error, warning, ...
    std::string platform;
    std::string metadataJson; // may be empty
    std::string status; // unresolved, resolved, ignored, or anything the server adds
    std::string substatus;
    std::string assigneeJson; // {type, id, name}, empty when unassigned
    std::string assigneeName;
    bool bookmarked = false;
    bool bookmarkKnown = true; // false: the server does not say (GlitchTip); the local bookmark stays
    bool hasSeen = false;
    std::int64_t count = 0;
    std::int64_t userCount = 0;
    std::string firstSeen; // ISO 8601, as sent
    std::string lastSeen;
};

struct ServerIssueWrite {
    std::int64_t issueId = 0; // the local issue (issues.id)
    bool created = false; // no local issue had this server id before
    bool changed = false; // lastSeen, status, substatus or assignee differ from the last sync (or new)
    bool regressed = false; // unresolved again since the last sync (was resolved or ignored, or substatus regressed)
};

// Records the server's view of the issue, and makes the local issue (created
// when missing, with no events yet) carry its server id, short id, status,
// substatus, assignee and bookmark. `listedBy`: the issue query whose listing
// returned it (empty: it was looked up by id). In the caller's transaction.
ServerIssueWrite writeServerIssue(sql::Database& db, std::int64_t account, std::int64_t project,
    const ServerIssueRow& issue, std::int64_t now, const std::string& listedBy = {});

// Live server issues of the account in these local projects that `query`
// listed before `syncStart` and has not listed since: deleted, merged or
// changed on the server (so the query no longer returns them). Oldest sync
// first, at most `limit`.
std::vector<std::string> vanishedServerIssues(sql::Database& db, std::int64_t account,
    const std::vector<std::int64_t>& projects, const std::string& query, std::int64_t syncStart, std::size_t limit);
// The server answers 404 for the issue's id.
void markServerIssueDeleted(sql::Database& db, std::int64_t account, const std::string& serverId);

// The server's hashes of the issue now lead to it: events imported later
// (from the server or from files) whose hash is one of them join it. Hashes
// another local issue holds stay with it; their issues are returned (the
// caller may merge them in).
std::vector<std::int64_t> attachServerHashes(
    sql::Database& db, std::int64_t project, std::int64_t issue, const std::vector<std::string>& hashes);

// Of the issues `among`, those the filter (alias i) keeps, ascending.
std::vector<std::int64_t> issuesAmong(
    sql::Database& db, const SqlFilter& filter, const std::vector<std::int64_t>& among);

bool eventStored(sql::Database& db, std::int64_t project, const std::string& eventId);
// The local issue an event (project + event id) was grouped into; 0 when none.
std::int64_t issueOfEvent(sql::Database& db, std::int64_t project, const std::string& eventId);

// The server said the issue was merged into another one (its id now resolves to `into`).
void markServerIssueMerged(
    sql::Database& db, std::int64_t account, const std::string& serverId, const std::string& into);

struct ServerIssueCounts {
    std::int64_t issues = 0;
    std::int64_t withEvents = 0; // server issues with at least one stored event
    std::int64_t events = 0; // events stored in them
};
ServerIssueCounts serverIssueCounts(sql::Database& db, std::int64_t account);

// The account's projects, by name, with how many of its server issues each holds.
struct AccountProjectCount {
    std::int64_t id = 0;
    std::string name;
    std::int64_t issues = 0;
};
std::vector<AccountProjectCount> accountProjects(sql::Database& db, std::int64_t account);

} // namespace stackdeck::store

namespace stackdeck::store {

// A sync imports its events through a temporary file; afterwards the events
// (and logs, attachments) of that file's source row belong to the server's
// source (kind "server", location = the organization's URL) and the
// temporary row goes.
void adoptImportSource(sql::Database& db, const std::string& tempLocation, const std::string& serverLocation,
    const std::string& label, std::int64_t now);

} // namespace stackdeck::store

namespace stackdeck::store {
bool issueHasEvents(sql::Database& db, std::int64_t issue);
} // namespace stackdeck::store

namespace stackdeck::store {
std::string projectNameOf(sql::Database& db, std::int64_t project); // empty when there is none
std::int64_t issueOfServerId(sql::Database& db, std::int64_t project, const std::string& serverId); // 0: none
bool issueIsFromServer(sql::Database& db, std::int64_t issue); // it has a server id
} // namespace stackdeck::store

namespace stackdeck::store {
// A pushed merge made the server keep `parentServerId`: the local issue that
// the others joined takes that server id (the server row of the local issue
// merged away into it goes), and its old server id reads as merged into it.
void adoptServerMergeParent(
    sql::Database& db, std::int64_t account, std::int64_t issue, const std::string& parentServerId);
} // namespace stackdeck::store

namespace stackdeck::store {
// What the issue header shows for a server issue: where it lives and what the
// server last said of it (state: live, merged, deleted). Nullopt: not a server issue.
struct ServerIssueLink {
    std::string accountName;
    std::string shortId;
    std::string permalink;
    std::string state;
    std::string mergedInto;
};
std::optional<ServerIssueLink> serverIssueLink(sql::Database& db, std::int64_t issue);
} // namespace stackdeck::store
