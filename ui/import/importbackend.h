#pragma once

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

namespace stackdeck::ui {

struct ImportRejection {
    QString location; // "file.ndjson:17", "x.envelope item 2"
    QString error;
};

struct ImportOutcome {
    qint64 files = 0;
    qint64 events = 0;
    qint64 transactions = 0;
    qint64 duplicates = 0;
    qint64 skipped = 0; // items that are not events (sessions, client reports...)
    qint64 issuesCreated = 0;
    qint64 bytes = 0;
    std::vector<ImportRejection> rejected;
    bool cancelled = false;
    QString fatalError;
};

struct ImportTick {
    qint64 events = 0;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    QString currentFile;
};

using ImportTickFn = std::function<void(const ImportTick&)>;
using ImportBatchFn = std::function<void(qint64 inserted)>;

// Blocking: imports files into the workspace on the calling (worker) thread.
// Reads JSON documents (one event or an array of events), NDJSON and Sentry
// envelopes; one bad record is reported with its location and skipped.
// The GUI's seam to the importer: when core/importer/importjob.h lands this
// forwards to ImportJob and keeps its signature.
ImportOutcome runImport(const QString& workspacePath, const QStringList& paths, const QString& project,
    const std::atomic<bool>* cancel, const ImportTickFn& progress, const ImportBatchFn& batch);

} // namespace stackdeck::ui
