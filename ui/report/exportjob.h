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
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stackdeck::ui {

enum class ExportFormat { Markdown, Html, Pdf, Csv, Json };
QString exportFormatSuffix(ExportFormat format); // md, html, pdf, csv, json

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
