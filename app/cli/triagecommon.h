#pragma once

// What the triage, note, activity and merge commands share: the shared
// writer lock and issue id arguments; and the commands that edit the
// workspace's settings under that lock.

#include "clicommon.h"
#include "model/ids.h"
#include "store/writerlock.h"

#include <optional>
#include <vector>

namespace stackdeck::cli {

// Takes the workspace shared (as an import does); prints why not and returns nullopt.
std::optional<store::WriterLock> lockForTriage(const QCommandLineParser& parser, const std::string& purpose);
// Positive integers, or nullopt (after printing which argument is not one).
std::optional<std::vector<IssueId>> parseIssueIds(const QStringList& args);

// Before a listing: re-evaluates triage for the time conditions that passed
// since the workspace was last written (an issue ignored for an hour comes
// back, with an activity row saying so). A writer holding the workspace
// exclusively (reindex, regroup) is not waited for: the listing goes on
// without it, after a note on stderr.
void reevaluateOnOpen(const QCommandLineParser& parser, store::Workspace& ws);
// Before a report: the tag counts a killed import left deferred are counted
// (reevaluateOnOpen does it too). Goes on without them, after a note, when
// the workspace is held exclusively or cannot be written.
void countDeferredTags(const QCommandLineParser& parser, store::Workspace& ws);

// The workspace's own settings and lists that triage and reports read.
int runRedactRules(const Context& ctx); // custom redaction rules
int runSearches(const Context& ctx); // saved searches
int runConfig(const Context& ctx); // user-name

} // namespace stackdeck::cli
