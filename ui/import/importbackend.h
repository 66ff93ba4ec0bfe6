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
    QString file; // full path
};

struct ImportOutcome {
    qint64 files = 0;
    qint64 events = 0;
    qint64 transactions = 0;
    qint64 duplicates = 0;
    qint64 skipped = 0; // items that are not events (sessions, client reports...)
    qint64 issuesCreated = 0;
    qint64 bytes = 0;
    std::vector<ImportRejection> rejected; // the first ones, with their locations
    qint64 rejectedTotal = 0; // may exceed rejected.size() when very many
    bool cancelled = false;
    QString fatalError;
};

struct ImportTick {
    qint64 events = 0;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    QString currentFile;
    QString waitingFor; // non-empty: the import waits for these to finish (a reindex, a regroup)
};

using ImportTickFn = std::function<void(const ImportTick&)>;
using ImportBatchFn = std::function<void(qint64 inserted)>;

// Blocking: imports files into the workspace on the calling (worker) thread
// through ImportJob (every format the readers detect, compressed or not); one
// bad record is reported with its location and skipped.
ImportOutcome importFiles(const QString& workspacePath, const QStringList& paths, const QString& project,
    const std::atomic<bool>* cancel, const ImportTickFn& progress, const ImportBatchFn& batch);

} // namespace stackdeck::ui
