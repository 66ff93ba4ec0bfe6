#include "reportexport.h"

#include "pdfreport.h"
#include "report/customrules.h"
#include "report/issuereport.h"
#include "report/renderers.h"
#include "report/reportsections.h"
#include "store/redactionrules.h"

#include <QDateTime>
#include <QSaveFile>
#include <QString>

#include <nlohmann/json.hpp>

namespace stackdeck::report {

namespace {

Status writeOwnerOnly(const std::string& path, const std::string& bytes)
{
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        return Error {"cannot write " + path + ": " + file.errorString().toStdString()};
    // Reports hold event data (the redacted ones less of it): the owner only, like the workspace.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes.data(), static_cast<qint64>(bytes.size()));
    if (!file.commit())
        return Error {"cannot write " + path + ": " + file.errorString().toStdString()};
    return Ok {};
}

bool cancelled(const std::atomic<bool>* cancel)
{
    return cancel != nullptr && cancel->load();
}

} // namespace

std::optional<ReportFormat> reportFormatFromName(std::string_view name)
{
    for (ReportFormat format :
        {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Pdf, ReportFormat::Csv, ReportFormat::Json}) {
        if (reportFormatName(format) == name)
            return format;
    }
    return std::nullopt;
}

std::string_view reportFormatName(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Markdown:
        return "md";
    case ReportFormat::Html:
        return "html";
    case ReportFormat::Pdf:
        return "pdf";
    case ReportFormat::Csv:
        return "csv";
    case ReportFormat::Json:
        return "json";
    }
    return {};
}

Result<ReportExportResult> exportReportFile(sql::Database& db, const ReportExportRequest& request,
    const std::atomic<bool>* cancel, const ExportProgressFn& progress)
{
    CustomRules rules;
    if (request.redact) {
        auto stored = store::loadRedactionRules(db);
        if (!stored)
            return stored.error();
        auto compiled = CustomRules::compile(*stored);
        if (!compiled)
            return compiled.error();
        rules = std::move(*compiled);
    }
    ReportHeader header;
    header.generatedAt = reportTime(QDateTime::currentMSecsSinceEpoch() * 1000);
    header.selection = request.selection;
    header.redacted = request.redact;

    std::vector<IssueReport> reports;
    nlohmann::json log = nlohmann::json::array();
    ReportExportResult result;
    auto addReport = [&](IssueReport report, std::int64_t issueId) {
        result.redactions += static_cast<std::int64_t>(report.redactionsApplied);
        if (request.redact) {
            log.push_back({{"issue", issueId}, {"event_id", report.eventRow ? report.eventRow->eventId : std::string()},
                {"redactions", report.redactionLog}});
        }
        reports.push_back(std::move(report));
    };
    if (!request.eventId.empty()) {
        ReportOptions options;
        options.redact = request.redact;
        options.rules = request.redact ? &rules : nullptr;
        auto r = loadEventReport(db, request.eventId, options);
        if (!r)
            return r.error();
        if (header.selection.empty())
            header.selection = "event " + request.eventId;
        const std::int64_t issueId = r->issue.id.value;
        addReport(std::move(*r), issueId);
    } else {
        reports.reserve(request.issues.size());
        const auto total = static_cast<std::int64_t>(request.issues.size());
        for (IssueId id : request.issues) {
            if (cancelled(cancel))
                return Error {"cancelled: nothing was written"};
            ReportOptions options;
            options.redact = request.redact;
            options.rules = request.redact ? &rules : nullptr;
            if (const auto keep = request.keep.find(id.value); keep != request.keep.end())
                options.redaction.disabledPaths = keep->second;
            auto r = loadIssueReport(db, id, options);
            if (!r)
                return r.error();
            addReport(std::move(*r), id.value);
            if (progress)
                progress(static_cast<std::int64_t>(reports.size()), total);
        }
    }
    if (cancelled(cancel))
        return Error {"cancelled: nothing was written"};

    result.output = request.output;
    result.issues = static_cast<std::int64_t>(reports.size());
    if (request.format == ReportFormat::Pdf) {
        header.forPrint = true;
        auto pdf = writePdf(renderHtml(reports, header), request.output, header.title);
        if (!pdf)
            return pdf.error();
        result.pages = pdf->pages;
        result.bytes = pdf->bytes;
    } else {
        std::string bytes;
        switch (request.format) {
        case ReportFormat::Markdown:
            bytes = renderMarkdown(reports, header);
            break;
        case ReportFormat::Html:
            bytes = renderHtml(reports, header);
            break;
        case ReportFormat::Csv:
            bytes = renderCsv(reports);
            break;
        case ReportFormat::Json:
        case ReportFormat::Pdf:
            bytes = renderJson(reports, header, request.normalized);
            break;
        }
        if (auto written = writeOwnerOnly(request.output, bytes); !written)
            return written.error();
        result.bytes = static_cast<std::int64_t>(bytes.size());
    }
    if (request.redact) {
        result.log = request.output + ".redaction-log.json";
        const nlohmann::json doc = {{"report", request.output}, {"redactions", result.redactions}, {"issues", log}};
        if (auto written = writeOwnerOnly(result.log, doc.dump(2)); !written)
            return written.error();
    }
    return result;
}

} // namespace stackdeck::report
