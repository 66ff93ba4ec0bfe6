#pragma once

#include "model/ids.h"
#include "report/redaction.h"
#include "store/sqlfilter.h"
#include "store/workspacesession.h"
#include "util/result.h"

#include <QString>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stackdeck::ui {

enum class ExportFormat { Markdown, Html, Pdf, Csv, Json, Case };
QString exportFormatSuffix(ExportFormat format); // md, html, pdf, csv, json, stackdeck

// The issues a report or a scan covers: the ones picked, or every issue a search matches.
struct ReportScope {
    std::vector<IssueId> ids;
    std::optional<SqlFilter> matching;
    std::string selectionText; // for the report header: "query: is:unresolved" or "issues 3, 7"
};

struct ExportRequest {
    ExportFormat format = ExportFormat::Markdown;
    ReportScope scope;
    bool redact = false;
    bool normalized = false; // json: the normalised events rather than the stored originals
    // Per issue id: the finding paths the preview turned off (left as they are).
    std::map<std::int64_t, std::set<std::string>> keep;
    QString output;
};

struct ExportResult {
    QString output;
    QString log; // the redaction log written beside the report ("" when not redacting)
    std::int64_t issues = 0;
    std::int64_t redactions = 0;
    std::int64_t bytes = 0;
    int pages = 0; // pdf
};

using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

// Reads the reports and writes the file (owner-only, replaced whole or not at
// all), and with redaction a JSON log beside it ("OUT.redaction-log.json":
// per issue, each finding's path, detector and whether it was applied, never
// the secret). A PDF needs a QGuiApplication. Runs on any thread.
Result<ExportResult> exportReports(store::WorkspaceSession::Reader& reader, const ExportRequest& request,
    const std::atomic<bool>& cancel, const ProgressFn& progress = {});

// A case file (report/casefile.h): the scope's issues with their events'
// originals, notes and triage, as a workspace another Stackdeck opens. With
// redaction, every finding of the workspace's detectors and rules is removed
// from every event (the preview's per-finding choices are for reports, which
// show one event per issue); the file then holds only the redacted originals.
// Reads the scope on a session reader, then writes through its own
// connections; call it on a worker.
Result<ExportResult> exportCase(const std::shared_ptr<store::WorkspaceSession>& session, const ExportRequest& request,
    const std::atomic<bool>& cancel);

// One finding of the redaction preview: where (issue, event, JSON path), what
// found it, the matched text, and whether the export removes it.
struct PreviewFinding {
    IssueId issue;
    std::string eventId;
    report::RedactionFinding finding;
    bool apply = true;
};

// Scans the event each issue's report would show (the same choice as the
// export's), with the workspace's own rules.
Result<std::vector<PreviewFinding>> scanScope(store::WorkspaceSession::Reader& reader, const ReportScope& scope,
    const std::atomic<bool>& cancel, const ProgressFn& progress = {});

} // namespace stackdeck::ui
