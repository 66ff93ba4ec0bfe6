#include "exportjob.h"

#include "report/casefile.h"
#include "report/customrules.h"
#include "report/issuereport.h"
#include "report/pdf/reportexport.h"
#include "store/redactionrules.h"
#include "store/reportqueries.h"
#include "store/sessionaccess.h"

#include <QFileInfo>

namespace stackdeck::ui {

namespace {

Result<report::CustomRules> workspaceRules(sql::Database& db)
{
    auto stored = store::loadRedactionRules(db);
    if (!stored)
        return stored.error();
    return report::CustomRules::compile(*stored);
}

} // namespace

QString exportFormatSuffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Markdown:
        return QStringLiteral("md");
    case ExportFormat::Html:
        return QStringLiteral("html");
    case ExportFormat::Pdf:
        return QStringLiteral("pdf");
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Case:
        return QStringLiteral("stackdeck");
    }
    return {};
}

// Every issue id a scope covers (a search: every match, most recently seen first).
static Result<std::vector<IssueId>> resolveScope(sql::Database& db, const ReportScope& scope)
{
    if (scope.matching)
        return store::issueIdsMatching(db, *scope.matching, 0);
    return store::existingIssueIds(db, scope.ids);
}

Result<ExportResult> exportReports(store::WorkspaceSession::Reader& reader, const ExportRequest& request,
    const std::atomic<bool>& cancel, const ProgressFn& progress)
{
    sql::Database& db = reader.db();
    auto ids = resolveScope(db, request.scope);
    if (!ids)
        return ids.error();
    report::ReportExportRequest file;
    switch (request.format) {
    case ExportFormat::Markdown:
        file.format = report::ReportFormat::Markdown;
        break;
    case ExportFormat::Html:
        file.format = report::ReportFormat::Html;
        break;
    case ExportFormat::Pdf:
        file.format = report::ReportFormat::Pdf;
        break;
    case ExportFormat::Csv:
        file.format = report::ReportFormat::Csv;
        break;
    case ExportFormat::Json:
        file.format = report::ReportFormat::Json;
        break;
    case ExportFormat::Case:
        return Error {"a case file is written by exportCase"};
    }
    file.issues = std::move(*ids);
    file.selection = request.scope.selectionText;
    file.redact = request.redact;
    file.normalized = request.normalized;
    file.keep = request.keep;
    file.output = request.output.toStdString();
    auto written = report::exportReportFile(db, file, &cancel, progress);
    if (!written)
        return written.error();
    ExportResult result;
    result.output = QString::fromStdString(written->output);
    result.log = QString::fromStdString(written->log);
    result.issues = written->issues;
    result.redactions = written->redactions;
    result.bytes = written->bytes;
    result.pages = written->pages;
    return result;
}

Result<ExportResult> exportCase(const std::shared_ptr<store::WorkspaceSession>& session, const ExportRequest& request,
    const std::atomic<bool>& cancel)
{
    if (!session)
        return Error {"no workspace is open"};
    struct Scope {
        std::vector<IssueId> ids;
        report::CustomRules rules;
    };
    auto scope = store::readWithSession(session, [&](sql::Database& db) -> Result<Scope> {
        Scope out;
        auto ids = resolveScope(db, request.scope);
        if (!ids)
            return ids.error();
        out.ids = std::move(*ids);
        if (request.redact) {
            auto rules = workspaceRules(db);
            if (!rules)
                return rules.error();
            out.rules = std::move(*rules);
        }
        return out;
    });
    if (!scope)
        return scope.error();
    if (scope->ids.empty())
        return Error {"no issue to export"};
    if (cancel.load())
        return Error {"cancelled: nothing was written"};
    report::CaseExportOptions options;
    options.redact = request.redact;
    options.rules = request.redact ? &scope->rules : nullptr;
    auto summary = report::exportCaseFile(session->path(), scope->ids, request.output.toStdString(), options);
    if (!summary)
        return summary.error();
    ExportResult result;
    result.output = request.output;
    result.issues = summary->issues;
    result.redactions = summary->redactions;
    result.bytes = QFileInfo(request.output).size();
    return result;
}

Result<std::vector<PreviewFinding>> scanScope(store::WorkspaceSession::Reader& reader, const ReportScope& scope,
    const std::atomic<bool>& cancel, const ProgressFn& progress)
{
    sql::Database& db = reader.db();
    auto ids = resolveScope(db, scope);
    if (!ids)
        return ids.error();
    auto rules = workspaceRules(db);
    if (!rules)
        return rules.error();
    std::vector<PreviewFinding> out;
    std::int64_t done = 0;
    for (IssueId id : *ids) {
        if (cancel.load())
            return Error {"cancelled"};
        auto r = report::loadIssueReport(db, id, {});
        if (!r)
            return r.error();
        if (r->eventRow && !r->eventJson.is_null()) {
            for (auto& f : report::scanForSecrets(r->eventJson, *rules))
                out.push_back({id, r->eventRow->eventId, std::move(f), true});
        }
        if (progress)
            progress(++done, static_cast<std::int64_t>(ids->size()));
    }
    return out;
}

} // namespace stackdeck::ui
