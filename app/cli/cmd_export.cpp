#include "clicommon.h"
#include "query/issuequery.h"
#include "report/casefile.h"
#include "report/customrules.h"
#include "report/issuereport.h"
#include "report/pdf/reportexport.h"
#include "store/redactionrules.h"
#include "store/reportqueries.h"
#include "triagecommon.h"

#include <QDateTime>
#include <QFileInfo>

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
    countDeferredTags(parser, *ws); // the reports show each issue's top tags

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

    report::ReportExportRequest request;
    request.format = *report::reportFormatFromName(format.toStdString());
    request.redact = options.redact;
    request.normalized = parser.isSet(QStringLiteral("normalized"));
    request.output = parser.value(QStringLiteral("output")).toStdString();
    if (parser.isSet(QStringLiteral("event"))) {
        request.eventId = parser.value(QStringLiteral("event")).toStdString();
    } else {
        auto ids = selectIssues(parser, *ws, request.selection);
        if (!ids)
            return UsageError;
        request.issues = std::move(*ids);
    }
    auto written = report::exportReportFile(ws->db(), request);
    if (!written) {
        printError(QString::fromStdString(written.error().message));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json summary
            = {{"format", format.toStdString()}, {"output", written->output}, {"issues", written->issues},
                {"redacted", options.redact}, {"redactions", written->redactions}, {"bytes", written->bytes}};
        if (request.format == report::ReportFormat::Pdf)
            summary["pages"] = written->pages;
        if (!written->log.empty())
            summary["redaction_log"] = written->log;
        printJson(summary);
    } else {
        printLine(QStringLiteral("wrote %1 issues to %2 (%3 redactions)")
                      .arg(written->issues)
                      .arg(QString::fromStdString(written->output))
                      .arg(written->redactions));
    }
    return Success;
}

} // namespace stackdeck::cli
