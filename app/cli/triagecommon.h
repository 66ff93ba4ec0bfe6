#pragma once

// What the triage, note, activity and merge commands share: the shared
// writer lock and issue id arguments.

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

} // namespace stackdeck::cli
