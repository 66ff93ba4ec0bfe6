#pragma once

#include "model/ids.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::sql {
class Database;
}

namespace stackdeck::report {

// The one way a report file is written, for the window and the CLI alike:
// load each issue's report (redacted with the workspace's rules when asked),
// render it, write the file atomically and owner-only, and beside a redacted
// report its redaction log. Case files are report/casefile.h.
enum class ReportFormat { Markdown, Html, Pdf, Csv, Json };

// "md", "html", "pdf", "csv", "json" (the CLI's --format names and the file suffixes).
std::optional<ReportFormat> reportFormatFromName(std::string_view name);
std::string_view reportFormatName(ReportFormat format);

struct ReportExportRequest {
    ReportFormat format = ReportFormat::Markdown;
    std::vector<IssueId> issues; // in report order; ignored when eventId is set
    std::string eventId; // one event alone: its issue's report on that event
    std::string selection; // for the header: "query: is:unresolved", "issues 3, 7" ("event ID" when eventId is set)
    bool redact = false;
    bool normalized = false; // json: the normalised events rather than the stored originals
    // Per issue id: the finding paths the preview turned off (left as they are).
    std::map<std::int64_t, std::set<std::string>> keep;
    std::string output;
};

struct ReportExportResult {
    std::string output;
    std::string log; // "OUT.redaction-log.json" when redacting, else ""
    std::int64_t issues = 0;
    std::int64_t redactions = 0;
    std::int64_t bytes = 0;
    int pages = 0; // pdf
};

using ExportProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

// Nothing is written unless every report loads and renders; a cancel before
// the write leaves no file. The log lists per issue each finding's path,
// detector and whether it was applied, never the secret. A PDF needs a
// QGuiApplication (makeOffscreenGuiApplication for command-line programs).
// Runs on any thread with its own connection.
Result<ReportExportResult> exportReportFile(sql::Database& db, const ReportExportRequest& request,
    const std::atomic<bool>* cancel = nullptr, const ExportProgressFn& progress = {});

} // namespace stackdeck::report
