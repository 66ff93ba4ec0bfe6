#include "exportjob.h"

#include "report/casefile.h"
#include "report/customrules.h"
#include "report/issuereport.h"
#include "report/pdf/pdfreport.h"
#include "report/renderers.h"
#include "report/reportsections.h"
#include "store/redactionrules.h"
#include "store/reportqueries.h"
#include "store/sessionaccess.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSaveFile>

namespace stackdeck::ui {

namespace {

Status writeFile(const QString& path, const std::string& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error {"cannot write " + path.toStdString() + ": " + file.errorString().toStdString()};
    // Reports hold event data: the owner only, like the workspace.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes.data(), static_cast<qint64>(bytes.size()));
    if (!file.commit())
        return Error {"cannot write " + path.toStdString() + ": " + file.errorString().toStdString()};
    return Ok {};
}

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
    report::CustomRules rules;
    if (request.redact) {
        auto compiled = workspaceRules(db);
        if (!compiled)
            return compiled.error();
        rules = std::move(*compiled);
    }
    std::vector<report::IssueReport> reports;
    reports.reserve(ids->size());
    nlohmann::json log = nlohmann::json::array();
    ExportResult result;
    const auto total = static_cast<std::int64_t>(ids->size());
    for (IssueId id : *ids) {
        if (cancel.load())
            return Error {"cancelled: nothing was written"};
        report::ReportOptions options;
        options.redact = request.redact;
        options.rules = request.redact ? &rules : nullptr;
        if (const auto keep = request.keep.find(id.value); keep != request.keep.end())
            options.redaction.disabledPaths = keep->second;
        auto r = report::loadIssueReport(db, id, options);
        if (!r)
            return r.error();
        result.redactions += static_cast<std::int64_t>(r->redactionsApplied);
        if (request.redact) {
            log.push_back({{"issue", id.value}, {"event_id", r->eventRow ? r->eventRow->eventId : std::string()},
                {"redactions", r->redactionLog}});
        }
        reports.push_back(std::move(*r));
        if (progress)
            progress(static_cast<std::int64_t>(reports.size()), total);
    }
    report::ReportHeader header;
    header.generatedAt = report::reportTime(QDateTime::currentMSecsSinceEpoch() * 1000);
    header.selection = request.scope.selectionText;
    header.redacted = request.redact;
    result.output = request.output;
    result.issues = total;
    if (request.format == ExportFormat::Pdf) {
        auto pdf = report::writePdf(report::renderHtml(reports, header), request.output.toStdString(), header.title);
        if (!pdf)
            return pdf.error();
        result.pages = pdf->pages;
        result.bytes = pdf->bytes;
    } else {
        std::string bytes;
        switch (request.format) {
        case ExportFormat::Markdown:
            bytes = report::renderMarkdown(reports, header);
            break;
        case ExportFormat::Html:
            bytes = report::renderHtml(reports, header);
            break;
        case ExportFormat::Csv:
            bytes = report::renderCsv(reports);
            break;
        default:
            bytes = report::renderJson(reports, header, request.normalized);
            break;
        }
        if (auto written = writeFile(request.output, bytes); !written)
            return written.error();
        result.bytes = static_cast<std::int64_t>(bytes.size());
    }
    if (request.redact) {
        result.log = request.output + QStringLiteral(".redaction-log.json");
        const nlohmann::json doc
            = {{"report", request.output.toStdString()}, {"redactions", result.redactions}, {"issues", log}};
        if (auto written = writeFile(result.log, doc.dump(2)); !written)
            return written.error();
    }
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
