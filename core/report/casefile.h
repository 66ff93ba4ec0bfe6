#pragma once

#include "customrules.h"
#include "model/ids.h"
#include "redaction.h"
#include "store/casefilerows.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stackdeck::report {

// Case files: a selection of issues (their events' originals, notes and
// triage) in one `.stackdeck` file, a workspace of the same schema that
// another Stackdeck opens as it is, or imports into its own workspace.
//
// Both directions go through the import pipeline: the export imports the
// chosen originals (redacted first, when asked) into a new workspace, and the
// import feeds a case file's originals to this workspace's import, so the
// grouping and every derived row are always our own, never read from the file.
// Notes and triage then follow their issues, matched by project and hash.

struct CaseExportOptions {
    bool redact = false;
    const CustomRules* rules = nullptr; // the workspace's own, when redacting
    RedactionOptions redaction;
    std::string author; // who the carried triage is attributed to ("" = the local user)
};

struct CaseFileSummary {
    std::int64_t issues = 0; // issues in the case file (export) or matched in the workspace (import)
    std::int64_t events = 0; // originals written (export) or newly stored (import)
    std::int64_t duplicates = 0; // import: events the workspace already had
    std::int64_t rejected = 0; // originals the import pipeline refused
    std::int64_t notes = 0; // notes carried
    std::int64_t notesSkipped = 0; // already present, or their event is not in the workspace
    std::int64_t triaged = 0; // issues that took triage from the case file
    std::int64_t redactions = 0; // export --redact: findings applied
    std::int64_t unmatchedIssues = 0; // import: case issues no workspace issue matches
};

// Writes the issues of `workspacePath` to `outPath` (replaced atomically, 0600).
Result<CaseFileSummary> exportCaseFile(const std::string& workspacePath, const std::vector<IssueId>& issues,
    const std::string& outPath, const CaseExportOptions& options = {});

// Whether the file is a case file, by content: the SQLite header, then the
// marker in meta (read through a read-only connection). Cheap; no validation.
bool isCaseFile(const std::string& path);

struct CaseImportOptions {
    store::CaseFileLimits limits;
    std::string author; // "" = the local user
    // While a rebuild holds the workspace (see ImportOptions::waitForWriters).
    std::function<bool(const std::string& holders)> waitForWriters;
    const std::atomic<bool>* cancel = nullptr;
};

// Merges a case file into the workspace, idempotently: the file is untrusted
// (copied, opened read-only, validated, never written, never attached), its
// originals go through the normal import, and its notes and triage land on
// the issues they produced, skipping what is already there.
Result<CaseFileSummary> importCaseFile(
    const std::string& workspacePath, const std::string& casePath, const CaseImportOptions& options = {});

} // namespace stackdeck::report
