#include "importbackend.h"

#include "importer/importjob.h"
#include "report/casefile.h"

#include <QFileInfo>

#include <string>
#include <vector>

namespace stackdeck::ui {

ImportOutcome importFiles(const QString& workspacePath, const QStringList& paths, const QString& project,
    const std::atomic<bool>* cancel, const ImportTickFn& progress, const ImportBatchFn& batch)
{
    ImportOptions options;
    options.project = project.toStdString();
    options.waitForWriters = [&progress](const std::string& holders) {
        if (progress) {
            ImportTick tick;
            tick.waitingFor = QString::fromStdString(holders);
            progress(tick);
        }
        return true; // until cancelled
    };
    ImportJob job(workspacePath.toStdString(), options);

    std::vector<std::string> files;
    files.reserve(static_cast<std::size_t>(paths.size()));
    ImportOutcome cases; // case files (by content) merge through report/casefile.h
    for (const QString& path : paths) {
        if (!report::isCaseFile(path.toStdString())) {
            files.push_back(path.toStdString());
            continue;
        }
        report::CaseImportOptions caseOptions;
        caseOptions.waitForWriters = options.waitForWriters;
        caseOptions.cancel = cancel;
        const auto merged = report::importCaseFile(workspacePath.toStdString(), path.toStdString(), caseOptions);
        ++cases.files;
        if (merged) {
            cases.events += merged->events;
            cases.duplicates += merged->duplicates;
        } else {
            cases.rejected.push_back(
                {QFileInfo(path).fileName(), QString::fromStdString(merged.error().message), path});
        }
    }

    const auto onProgress = [&progress](const ImportProgress& p) {
        if (!progress)
            return;
        ImportTick tick;
        tick.events = p.eventsStored;
        tick.bytesDone = p.bytesRead;
        tick.bytesTotal = p.bytesTotal;
        tick.currentFile = QString::fromStdString(p.currentFile);
        progress(tick);
    };
    const auto onBatch = [&batch](const store::BatchCounts& counts) {
        if (batch)
            batch(counts.inserted);
    };
    const ImportSummary summary = files.empty() ? ImportSummary {} : job.run(files, cancel, onProgress, onBatch);

    ImportOutcome out;
    out.files = summary.files;
    out.events = summary.events;
    out.transactions = summary.transactions;
    out.duplicates = summary.duplicates;
    out.skipped = summary.skippedItems;
    out.issuesCreated = summary.issuesCreated;
    out.bytes = summary.bytes;
    out.cancelled = summary.cancelled;
    out.fatalError = QString::fromStdString(summary.fatalError);
    out.rejected.reserve(summary.rejected.size());
    for (const Rejection& r : summary.rejected) {
        // The window names files as the user sees them in the list; the full path goes into `file`.
        RecordLocation shortName = r.location;
        shortName.file = QFileInfo(QString::fromStdString(r.location.file)).fileName().toStdString();
        out.rejected.push_back({QString::fromStdString(shortName.describe()), QString::fromStdString(r.error),
            QString::fromStdString(r.location.file)});
    }
    out.rejectedTotal = summary.rejectedCount + static_cast<qint64>(cases.rejected.size());
    out.files += cases.files;
    out.events += cases.events;
    out.duplicates += cases.duplicates;
    out.rejected.insert(out.rejected.end(), cases.rejected.begin(), cases.rejected.end());
    return out;
}

} // namespace stackdeck::ui
