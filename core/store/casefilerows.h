#pragma once

#include "model/ids.h"
#include "sqlite.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// The SQL behind case files (core/report/casefile.h): a workspace file that
// holds a selection of issues, their events' originals, notes and triage.
// The case file a colleague sends is untrusted: it is only ever read here,
// through a read-only connection, and every size is checked before a value is
// fetched. Nothing in it (a view, a trigger, a default) runs: the reader
// refuses files with views or triggers, and never writes to them.

// The meta key that marks a workspace file as a case file; its value is JSON
// ({"format": 1, "redacted": ..., "issues": N, "created_at": ...}).
inline constexpr const char* kCaseFileMetaKey = "stackdeck_case_file";

struct CaseFileLimits {
    std::int64_t maxPayloadBytes = std::int64_t {64} << 20; // per stored original, compressed or not
    std::int64_t maxTextBytes = std::int64_t {1} << 20; // per text value (a note, a title, a rule)
    std::int64_t maxRows = 5'000'000; // per table read
};

// Why a file is not a case file this build can read; empty when it is.
// Checks: the schema version (from 6, where notes and triage arrived, up to
// this build's), every table read is a table (not a view), no trigger or view
// anywhere, the marker in meta, and no value over the limits.
std::string checkCaseFile(sql::Database& db, const CaseFileLimits& limits);
std::optional<std::string> caseFileMarker(sql::Database& db);
void writeCaseFileMarker(sql::Database& db, const std::string& json);

// Projects: the source's (name, platform, grouping rules), so a case file
// groups its events as the workspace it came from did.
struct CaseProject {
    std::int64_t id = 0;
    std::string name;
    std::string platform;
    std::string groupingEnhancements;
    std::string fingerprintRules;
};
std::vector<CaseProject> readCaseProjects(sql::Database& db);
// Adds the project when the workspace has none of that name; returns its id.
std::int64_t ensureCaseProject(sql::Database& db, const CaseProject& project);

// One stored original and where it belongs.
struct CaseEvent {
    std::int64_t project = 0;
    std::string eventId;
    std::string itemType;
    std::string contentType;
    std::string json; // decompressed
};
// Every error event of the issues (all issues when `issues` is empty), in row
// order; payloads over the limit or undecodable are errors (thrown as
// std::runtime_error naming the event).
void forEachCaseEvent(sql::Database& db, const std::vector<IssueId>& issues, const CaseFileLimits& limits,
    const std::function<void(CaseEvent&&)>& fn);

// An issue's identity and triage as the case file says it.
struct CaseIssue {
    IssueId id;
    std::int64_t project = 0;
    std::vector<std::string> hashes; // primary first
    std::string firstEventId; // to find the issue when no hash matches
    std::int64_t status = 0;
    std::string substatus, resolution, resolvedRelease;
    std::int64_t statusChangedAt = 0; // 0: never decided
    std::optional<std::int64_t> ignoreUntil, ignoreEvents, ignoreUsers, ignoreBaseEvents, ignoreBaseUsers;
    std::string assignee;
    bool bookmarked = false;
    std::string priority;
    std::vector<std::string> labels;
};
std::vector<CaseIssue> readCaseIssues(sql::Database& db, const std::vector<IssueId>& issues);

// The issue of `project` holding one of the hashes (the first that does), or
// else the issue holding the event.
std::optional<IssueId> findIssueFor(
    sql::Database& db, std::int64_t project, const std::vector<std::string>& hashes, const std::string& eventId);

// Carries the case issue's decisions onto `target` where the target has made
// none of its own: a status when the target's was never changed, an assignee
// when it has none, a bookmark, a priority when it has none, labels it lacks.
// Writes one activity row ("triage") listing what it took; returns that text
// ("" when nothing changed, as on a second import).
std::string carryCaseTriage(sql::Database& db, IssueId target, const CaseIssue& from, const std::string& author);

// Whether the target workspace already holds this note (same target, text,
// author and time): importing a case file twice adds nothing.
struct NoteKey {
    std::string kind;
    std::int64_t issue = 0;
    std::int64_t project = 0;
    std::string eventId;
    std::int64_t index = 0;
    std::string spanId;
    std::string text;
    std::string author;
    std::int64_t createdAt = 0;
};
bool noteExists(sql::Database& db, const NoteKey& key);

// While a case file is written: freed pages are zeroed (secure_delete).
void beginCaseFile(sql::Database& db);

// The last steps of writing a case file: nothing removed may be recoverable,
// so secure_delete, a rollback journal instead of WAL (one file) and VACUUM
// (no free pages, no stale FTS segments left in them).
void sealCaseFile(sql::Database& db);

} // namespace stackdeck::store
