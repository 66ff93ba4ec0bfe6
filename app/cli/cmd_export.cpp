#include "clicommon.h"
#include "query/issuequery.h"
#include "report/casefile.h"
#include "report/customrules.h"
#include "report/issuereport.h"
#include "report/pdf/pdfreport.h"
#include "report/renderers.h"
#include "report/reportsections.h"
#include "store/redactionrules.h"
#include "store/reportqueries.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSaveFile>

#include <cstring>

namespace stackdeck::cli {

namespace {

const QStringList kFormats {QStringLiteral("md"), QStringLiteral("html"), QStringLiteral("pdf"), QStringLiteral("csv"),
    QStringLiteral("json"), QStringLiteral("case")};

// The issues the report covers: a search, or ids given one by one (all must exist).
std::optional<std::vector<IssueId>> selectIssues(
    const QCommandLineParser& parser, store::Workspace& ws, std::string& selection)
{
    if (parser.isSet(QStringLiteral("query"))) {
        const std::string text = parser.value(QStringLiteral("query")).toStdString();
        auto context = query::loadQueryContext(ws.db(), QDateTime::currentMSecsSinceEpoch() * 1000);
        if (!context) {
            printError(QString::fromStdString(context.error().message));
            return std::nullopt;
        }
        auto compiled = query::compileIssueQuery(text, *context);
        if (compiled.error) {
            printError(QStringLiteral("query: %1 (at column %2)")
                           .arg(QString::fromStdString(compiled.error->message))
                           .arg(compiled.error->position + 1));
            return std::nullopt;
        }
        auto ids = store::issueIdsMatching(ws.db(), compiled.filter);
        if (!ids) {
            printError(QString::fromStdString(ids.error().message));
            return std::nullopt;
        }
        selection = "query: " + text;
        return std::move(*ids);
    }
    std::vector<IssueId> wanted;
    for (const QString& arg : parser.positionalArguments()) {
        bool ok = false;
        const qint64 id = arg.toLongLong(&ok);
        if (!ok || id <= 0) {
            printError(QStringLiteral("'%1' is not an issue id").arg(arg));
            return std::nullopt;
        }
        wanted.emplace_back(id);
        selection += (selection.empty() ? "issues " : ", ") + std::to_string(id);
    }
    auto found = store::existingIssueIds(ws.db(), wanted);
    if (!found) {
        printError(QString::fromStdString(found.error().message));
        return std::nullopt;
    }
    if (found->size() != wanted.size()) {
        printError(
            QStringLiteral("%1 of the issues given are not in the workspace").arg(wanted.size() - found->size()));
        return std::nullopt;
    }
    return std::move(*found);
}

bool writeFile(const QString& path, const std::string& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        printError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    // Reports hold event data (the redacted ones less of it): the owner only, like the workspace.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes.data(), static_cast<qint64>(bytes.size()));
    if (!file.commit()) {
        printError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

std::optional<std::vector<report::IssueReport>> loadReports(const QCommandLineParser& parser, store::Workspace& ws,
    const report::ReportOptions& options, report::ReportHeader& header)
{
    std::vector<report::IssueReport> reports;
    if (parser.isSet(QStringLiteral("event"))) {
        auto r = report::loadEventReport(ws.db(), parser.value(QStringLiteral("event")).toStdString(), options);
        if (!r) {
            printError(QString::fromStdString(r.error().message));
            return std::nullopt;
        }
        header.selection = "event " + r->eventRow->eventId;
        reports.push_back(std::move(*r));
        return reports;
    }
    auto ids = selectIssues(parser, ws, header.selection);
    if (!ids)
        return std::nullopt;
    for (IssueId id : *ids) {
        auto r = report::loadIssueReport(ws.db(), id, options);
        if (!r) {
            printError(QString::fromStdString(r.error().message));
            return std::nullopt;
        }
        reports.push_back(std::move(*r));
    }
    return reports;
}

// A case file: the issues with their originals (redacted ones only, with
// --redact), notes and triage, as a workspace file (report/casefile.h).
int writeCaseFile(
    const QCommandLineParser& parser, std::unique_ptr<store::Workspace> ws, const report::ReportOptions& options)
{
    if (parser.isSet(QStringLiteral("event"))) {
        printError(QStringLiteral("a case file holds issues: give --query Q or ISSUE_ID..."));
        return UsageError;
    }
    std::string selection;
    auto ids = selectIssues(parser, *ws, selection);
    if (!ids)
        return UsageError;
    const std::string path = ws->path();
    ws.reset();
    report::CaseExportOptions caseOptions;
    caseOptions.redact = options.redact;
    caseOptions.rules = options.rules;
    caseOptions.redaction = options.redaction;
    const QString out = parser.value(QStringLiteral("output"));
    auto summary = report::exportCaseFile(path, *ids, out.toStdString(), caseOptions);
    if (!summary) {
        printError(QString::fromStdString(summary.error().message));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson({{"format", "case"}, {"output", out.toStdString()}, {"issues", summary->issues},
            {"events", summary->events}, {"notes", summary->notes}, {"triaged", summary->triaged},
            {"redacted", options.redact}, {"redactions", summary->redactions}, {"bytes", QFileInfo(out).size()}});
    } else {
        printLine(QStringLiteral("wrote a case file of %1 issues (%2 events, %3 notes) to %4 (%5 redactions)")
                      .arg(summary->issues)
                      .arg(summary->events)
                      .arg(summary->notes)
                      .arg(out)
                      .arg(summary->redactions));
    }
    return Success;
}

} // namespace

bool exportNeedsGui(int argc, char** argv)
{
    if (argc < 2 || std::strcmp(argv[1], "export") != 0)
        return false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--format=pdf") == 0)
            return true;
        if (std::strcmp(argv[i], "--format") == 0 && i + 1 < argc && std::strcmp(argv[i + 1], "pdf") == 0)
            return true;
    }
    return false;
}

int runExport(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write a report on issues: a search's or the ones named."));
    addCommonOptions(parser);
    parser.addOption(
        {QStringLiteral("format"), QStringLiteral("md, html, pdf, csv, json or case."), QStringLiteral("FORMAT")});
    parser.addOption(
        {QStringLiteral("query"), QStringLiteral("Every issue this search matches."), QStringLiteral("Q")});
    parser.addOption({QStringLiteral("event"), QStringLiteral("One event alone (its issue's report on it)."),
        QStringLiteral("EVENT_ID")});
    parser.addOption({QStringLiteral("redact"),
        QStringLiteral("Remove the secrets and personal data redact-scan finds (and the workspace's rules).")});
    parser.addOption({QStringLiteral("normalized"), QStringLiteral("json: the normalised events, not the originals.")});
    parser.addOption(
        {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("The file to write."), QStringLiteral("OUT")});
    parser.addPositionalArgument(
        QStringLiteral("ISSUE_ID"), QStringLiteral("Issues to report on."), QStringLiteral("[ISSUE_ID...]"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QString format = parser.value(QStringLiteral("format"));
    if (!kFormats.contains(format)) {
        printError(QStringLiteral("--format takes one of %1").arg(kFormats.join(QStringLiteral(", "))));
        return UsageError;
    }
    const int selectors = int(parser.isSet(QStringLiteral("query"))) + int(parser.isSet(QStringLiteral("event")))
        + int(!parser.positionalArguments().isEmpty());
    if (selectors != 1 || !parser.isSet(QStringLiteral("output"))) {
        printError(QStringLiteral("export takes -o OUT and exactly one of --query Q, --event ID or ISSUE_ID..."));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;

    report::ReportOptions options;
    options.redact = parser.isSet(QStringLiteral("redact"));
    report::CustomRules rules;
    if (options.redact) {
        auto stored = store::loadRedactionRules(ws->db());
        auto compiled = stored ? report::CustomRules::compile(*stored) : Result<report::CustomRules>(stored.error());
        if (!compiled) {
            printError(QString::fromStdString(compiled.error().message));
            return UsageError;
        }
        rules = std::move(*compiled);
        options.rules = &rules;
    }
    if (format == QLatin1String("case"))
        return writeCaseFile(parser, std::move(ws), options);
    report::ReportHeader header;
    header.generatedAt = report::reportTime(QDateTime::currentMSecsSinceEpoch() * 1000);
    header.redacted = options.redact;
    auto reports = loadReports(parser, *ws, options, header);
    if (!reports)
        return UsageError;

    const QString out = parser.value(QStringLiteral("output"));
    std::size_t redactions = 0;
    for (const auto& r : *reports)
        redactions += r.redactionsApplied;
    nlohmann::json summary = {{"format", format.toStdString()}, {"output", out.toStdString()},
        {"issues", reports->size()}, {"redacted", options.redact}, {"redactions", redactions}};
    if (format == QLatin1String("pdf")) {
        header.forPrint = true;
        auto pdf = report::writePdf(report::renderHtml(*reports, header), out.toStdString(), header.title);
        if (!pdf) {
            printError(QString::fromStdString(pdf.error().message));
            return UsageError;
        }
        summary["pages"] = pdf->pages;
        summary["bytes"] = pdf->bytes;
    } else {
        std::string bytes;
        if (format == QLatin1String("md"))
            bytes = report::renderMarkdown(*reports, header);
        else if (format == QLatin1String("html"))
            bytes = report::renderHtml(*reports, header);
        else if (format == QLatin1String("csv"))
            bytes = report::renderCsv(*reports);
        else
            bytes = report::renderJson(*reports, header, parser.isSet(QStringLiteral("normalized")));
        if (!writeFile(out, bytes))
            return UsageError;
        summary["bytes"] = bytes.size();
    }
    if (parser.isSet(QStringLiteral("json")))
        printJson(summary);
    else
        printLine(
            QStringLiteral("wrote %1 issues to %2 (%3 redactions)").arg(reports->size()).arg(out).arg(redactions));
    return Success;
}

} // namespace stackdeck::cli
