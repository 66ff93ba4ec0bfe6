#include "clicommon.h"
#include "importcase.h"
#include "importer/importjob.h"

#include <QDirIterator>
#include <QFileInfo>

#include <cstdio>

namespace stackdeck::cli {

namespace {
// Directories are imported file by file, recursively, in name order.
std::vector<std::string> expandPaths(const QStringList& inputs)
{
    std::vector<std::string> out;
    for (const QString& input : inputs) {
        if (input == QLatin1String("-") || !QFileInfo(input).isDir()) {
            out.push_back(input.toStdString());
            continue;
        }
        QStringList files;
        QDirIterator it(input, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        for (const QString& f : files)
            out.push_back(f.toStdString());
    }
    return out;
}
} // namespace

int runImport(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Import event files into the workspace."));
    addCommonOptions(parser);
    parser.addOption(
        {QStringLiteral("project"), QStringLiteral("Project the events belong to."), QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("batch"), QStringLiteral("Events per transaction (default 5000)."), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("workers"), QStringLiteral("Decode threads (default: one per core)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("progress"), QStringLiteral("Print progress to stderr.")});
    addWaitOption(parser);
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Files or folders to import; - reads stdin."),
        QStringLiteral("PATH..."));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    QStringList inputs = parser.positionalArguments();
    if (inputs.isEmpty()) {
        printError(QStringLiteral("import needs at least one PATH"));
        return UsageError;
    }
    for (const QString& input : inputs) {
        if (input != QLatin1String("-") && !QFileInfo::exists(input)) {
            printError(QStringLiteral("%1: no such file").arg(input));
            return UsageError;
        }
    }
    auto ws = openWorkspace(parser, true);
    if (!ws)
        return UsageError;
    const std::string dbPath = ws->path();
    ws.reset(); // the import opens its own writer connection
    const int caseExit = importCaseFiles(parser, dbPath, inputs); // takes the case files out of inputs
    if (inputs.isEmpty())
        return caseExit;

    ImportOptions options;
    options.project = parser.value(QStringLiteral("project")).toStdString();
    if (parser.isSet(QStringLiteral("batch")))
        options.batchSize = std::max(1, parser.value(QStringLiteral("batch")).toInt());
    if (parser.isSet(QStringLiteral("workers")))
        options.workers = std::max(1, parser.value(QStringLiteral("workers")).toInt());
    options.waitForWriters = waitForWriters(parser);

    ImportJob job(dbPath, options);
    const bool showProgress = parser.isSet(QStringLiteral("progress"));
    const ImportSummary s = job.run(expandPaths(inputs), nullptr, [&](const ImportProgress& p) {
        if (!showProgress)
            return;
        std::fprintf(stderr, "\r%lld records, %lld stored, %.1f MB, %.0f records/s   ",
            static_cast<long long>(p.records), static_cast<long long>(p.eventsStored),
            static_cast<double>(p.bytesRead) / 1e6, p.seconds > 0 ? static_cast<double>(p.records) / p.seconds : 0.0);
    });
    if (showProgress)
        std::fputc('\n', stderr);

    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json rejected = nlohmann::json::array();
        for (const auto& r : s.rejected)
            rejected.push_back({{"file", r.location.file}, {"location", r.location.describe()}, {"error", r.error}});
        nlohmann::json out = {{"files", s.files}, {"events", s.events}, {"transactions", s.transactions},
            {"spans", s.spans}, {"duplicates", s.duplicates}, {"skipped_items", s.skippedItems},
            {"issues_created", s.issuesCreated}, {"rejected", rejected}};
        if (s.rejectedCount > static_cast<std::int64_t>(s.rejected.size()))
            out["rejected_total"] = s.rejectedCount;
        if (!s.fatalError.empty())
            out["error"] = s.fatalError;
        printJson(out);
    } else {
        printLine(QStringLiteral("%1 file(s): %2 events, %3 transactions, %4 spans, %5 duplicates, %6 skipped items, "
                                 "%7 new issues, %8 rejected (%9 s)")
                      .arg(s.files)
                      .arg(s.events)
                      .arg(s.transactions)
                      .arg(s.spans)
                      .arg(s.duplicates)
                      .arg(s.skippedItems)
                      .arg(s.issuesCreated)
                      .arg(s.rejectedCount)
                      .arg(s.seconds, 0, 'f', 2));
        for (const auto& r : s.rejected)
            printError(QStringLiteral("%1: %2").arg(
                QString::fromStdString(r.location.describe()), QString::fromStdString(r.error)));
        if (!s.fatalError.empty())
            printError(QString::fromStdString(s.fatalError));
    }
    return std::max(s.exitCode(), caseExit);
}

} // namespace stackdeck::cli
