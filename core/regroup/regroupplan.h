#pragma once

#include "grouping/grouping.h"
#include "model/ids.h"
#include "store/sqlite.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::regroup {

// A project's own grouping settings, stored in the workspace (projects table).
// Empty texts mean the built-in rules only.
struct ProjectRules {
    std::string project; // project name
    std::string enhancements; // custom stack-trace rules ("enhancements" language)
    std::string fingerprintRules; // custom server-side fingerprint rules
};

// A syntax error in one of the two texts, at its position (1-based).
struct RuleError {
    enum class Field { Enhancements, FingerprintRules } field = Field::Enhancements;
    int line = 0;
    int column = 0;
    std::string message;
};

std::vector<RuleError> validateRules(const ProjectRules& rules);
// "fingerprint rules:3:7: message"
std::string describe(const RuleError& error);
bool sameRules(const ProjectRules& a, const ProjectRules& b);

Result<ProjectRules> loadProjectRules(sql::Database& db, const std::string& project);
// Refuses rules with errors (the message names field, line and column).
Status saveProjectRules(sql::Database& db, const ProjectRules& rules);

// The grouping configuration import and regroup use for a project (rules
// already parsed). Import and regroup keep an event's server hashes only
// when the project has no rules of its own (GroupingSettings::serverHashesWin).
grouping::GroupingConfig groupingConfigFor(const ProjectRules& rules, bool withDetails);

// What happens to one existing issue under the candidate rules.
enum class IssueChange : std::uint8_t {
    Unchanged, // all its events stay together and nothing else joins them
    Split, // its events go to two or more groups
    Merged, // its events stay together but join another issue's events
    SplitAndMerged, // both
};

struct AffectedIssue {
    IssueId id;
    std::string title;
    std::int64_t events = 0;
    IssueChange change = IssueChange::Unchanged;
    std::vector<std::size_t> groups; // indexes into RegroupPlan::groups, largest share first
};

// A group as it would be after regrouping, with the issues its events come from.
struct PlannedGroup {
    std::string primaryHash;
    std::int64_t events = 0;
    std::vector<std::pair<IssueId, std::int64_t>> from; // issue -> events it gives, largest first
};

struct RegroupOptions {
    std::string project; // empty: every project
    // Candidate rules per project; projects not listed use their stored rules.
    std::vector<ProjectRules> rules;
    int workers = 0; // decode/group threads; 0 = one per core
    // How apply gets there (the result is the same): rebuild only the issues
    // that change, or every issue. Auto rebuilds what changes unless that is
    // most of the events, where emptying the tables and writing all is cheaper.
    enum class Mode { Auto, Affected, Everything } mode = Mode::Auto;
    // Apply holds the workspace exclusively (store/writerlock.h): called about
    // every 200 ms while others write to it, with who they are; false gives
    // up. Empty: wait until cancelled.
    std::function<bool(const std::string& holders)> waitForWriters;
};

struct RegroupPlan {
    std::int64_t events = 0; // stored error events considered
    std::int64_t failed = 0; // stored payloads that no longer decode (they stay where they are)
    std::int64_t issuesBefore = 0;
    std::int64_t groupsAfter = 0;
    std::int64_t unchanged = 0; // issues
    std::int64_t split = 0; // issues that would split (SplitAndMerged counts in both)
    std::int64_t merged = 0; // issues that would merge with another
    std::vector<AffectedIssue> affected; // every issue that is not Unchanged, most events first
    std::vector<PlannedGroup> groups; // every group an affected issue contributes to
    bool cancelled = false;
    std::string fatalError;
    double seconds = 0;
};

using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

// Dry run: groups every stored event again (from the stored original) with the
// candidate rules and compares with today's issues. Reads only.
RegroupPlan planRegroup(const std::string& workspacePath, const RegroupOptions& options,
    const std::atomic<bool>* cancel = nullptr, const ProgressFn& progress = {});

struct RegroupSummary {
    RegroupPlan plan; // what was applied
    std::int64_t issuesAfter = 0;
    std::int64_t issuesRebuilt = 0; // issues written again (the others were left as they were)
    std::int64_t eventsRewritten = 0; // stored events written again
    bool rebuiltEverything = false; // the tables were emptied and every event written again
    bool cancelled = false; // nothing changed when cancelled
    std::string fatalError;
    double seconds = 0;
};

// Saves the candidate rules and regroups the stored events in the background
// thread that calls it. Triage state (every triage column: status with its
// resolution, ignore conditions, assignee, bookmark, priority, seen), labels,
// issue notes and the activity log go with the events: a merged issue keeps
// all of its sources' labels, notes and logs, a split issue's are copied to
// each part (log entries marked as copied). All or nothing: one
// transaction, so a cancel, an error or a crash leaves the old state.
// Issue ids: a new issue keeps the id of its first event's old issue when no
// other new issue took it; other new issues get ids above every old one.
// Every project is rebuilt (the issue tables and search index are shared);
// projects without candidate rules regroup with their stored rules, and the
// summary's plan covers them all. Events that carry a server group id stay
// with it, whatever the rules (the server's grouping wins for server data).
RegroupSummary applyRegroup(const std::string& workspacePath, const RegroupOptions& options,
    const std::atomic<bool>* cancel = nullptr, const ProgressFn& progress = {});

// One stored event grouped with its project's stored rules and with candidate
// rules, with details (component trees, hints): the what-if "before / after".
struct EventGroupingComparison {
    grouping::GroupingResult before;
    grouping::GroupingResult after;
};
Result<EventGroupingComparison> compareEventGrouping(
    sql::Database& db, EventRowId event, const ProjectRules& candidate);

} // namespace stackdeck::regroup
