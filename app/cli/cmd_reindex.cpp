#include "clicommon.h"
#include "importer/reindexjob.h"

#include <cstdio>

namespace stackdeck::cli {

int runReindex(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rebuild derived tables and groups from the stored originals."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("progress"), QStringLiteral("Print progress to stderr.")});
    addWaitOption(parser);
    if (!parseOrFail(parser, ctx))
        return UsageError;
    auto ws = openWorkspace(parser, false, false);
    if (!ws)
        return UsageError;
    const std::string path = ws->path();
    ws.reset();
    const bool showProgress = parser.isSet(QStringLiteral("progress"));
    ReindexJob job(path);
    job.setWaitForWriters(waitForWriters(parser));
    const ReindexSummary s = job.run(nullptr, [&](std::int64_t done, std::int64_t total) {
        if (showProgress)
            std::fprintf(stderr, "\r%lld / %lld events", static_cast<long long>(done), static_cast<long long>(total));
    });
    if (showProgress)
        std::fputc('\n', stderr);
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json out = {{"events", s.events}, {"issues", s.issues}, {"failed", s.failed},
            {"triage_restored", s.triageRestored}, {"seconds", s.seconds}};
        if (!s.fatalError.empty())
            out["error"] = s.fatalError;
        printJson(out);
    } else {
        printLine(
            QStringLiteral("reindexed %1 events into %2 issues (%3 failed to decode, %4 triage states kept) in %5 s")
                .arg(s.events)
                .arg(s.issues)
                .arg(s.failed)
                .arg(s.triageRestored)
                .arg(s.seconds, 0, 'f', 2));
        if (!s.fatalError.empty())
            printError(QString::fromStdString(s.fatalError));
    }
    if (!s.fatalError.empty())
        return UsageError;
    return s.failed > 0 ? PartialFailure : Success;
}

} // namespace stackdeck::cli
