#include "importcase.h"

#include "clicommon.h"
#include "report/casefile.h"

#include <QFileInfo>

namespace stackdeck::cli {

int importCaseFiles(const QCommandLineParser& parser, const std::string& workspacePath, QStringList& inputs)
{
    int exitCode = Success;
    QStringList others;
    for (const QString& input : inputs) {
        if (input == QLatin1String("-") || !QFileInfo(input).isFile() || !report::isCaseFile(input.toStdString())) {
            others << input;
            continue;
        }
        report::CaseImportOptions options;
        options.waitForWriters = waitForWriters(parser);
        const auto s = report::importCaseFile(workspacePath, input.toStdString(), options);
        if (!s) {
            printError(QString::fromStdString(s.error().message));
            exitCode = UsageError;
            continue;
        }
        if (parser.isSet(QStringLiteral("json"))) {
            printJson({{"case_file", input.toStdString()}, {"events", s->events}, {"duplicates", s->duplicates},
                {"rejected", s->rejected}, {"issues", s->issues}, {"unmatched_issues", s->unmatchedIssues},
                {"notes", s->notes}, {"notes_skipped", s->notesSkipped}, {"triaged", s->triaged}});
        } else {
            printLine(QStringLiteral("%1: case file: %2 events (%3 duplicates, %4 rejected), %5 issues, %6 notes added "
                                     "(%7 already there or without their event), triage taken on %8 issues")
                          .arg(input)
                          .arg(s->events)
                          .arg(s->duplicates)
                          .arg(s->rejected)
                          .arg(s->issues)
                          .arg(s->notes)
                          .arg(s->notesSkipped)
                          .arg(s->triaged));
        }
        if (s->rejected > 0 || s->unmatchedIssues > 0)
            exitCode = std::max(exitCode, int(PartialFailure));
    }
    inputs = others;
    return exitCode;
}

} // namespace stackdeck::cli
