#include "reindexprompt.h"

#include "common/messagebox.h"
#include "importer/reindexjob.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent>

#include <atomic>
#include <memory>

namespace stackdeck::ui {

bool offerInterruptedReindex(QWidget* parent, const QString& path)
{
    const std::string file = path.toStdString();
    if (!ReindexJob::isInterrupted(file))
        return false;
    const auto answer = askPlain(parent, QObject::tr("Complete the reindex"),
        QObject::tr("A reindex of %1 did not finish, so its issue list is incomplete. Complete it now? Every stored "
                    "event is kept; only the issue list is rebuilt.")
            .arg(QFileInfo(path).fileName()),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return false;

    QProgressDialog dialog(QObject::tr("Rebuilding the issue list…"), QObject::tr("Cancel"), 0, 1000, parent);
    dialog.setWindowTitle(QObject::tr("Reindex"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(0);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    auto done = std::make_shared<std::atomic<std::int64_t>>(0);
    auto total = std::make_shared<std::atomic<std::int64_t>>(0);
    QObject::connect(&dialog, &QProgressDialog::canceled, &dialog, [cancel] { cancel->store(true); });

    QFutureWatcher<ReindexSummary> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &dialog, [&] {
        if (total->load() > 0)
            dialog.setValue(static_cast<int>(1000 * done->load() / total->load()));
    });
    tick.start(100);
    watcher.setFuture(QtConcurrent::run([file, cancel, done, total] {
        ReindexJob job(file);
        return job.run(cancel.get(), [done, total](std::int64_t d, std::int64_t t) {
            done->store(d);
            total->store(t);
        });
    }));
    if (!watcher.isFinished())
        loop.exec();
    tick.stop();
    const ReindexSummary summary = watcher.future().result();
    if (!summary.fatalError.empty()) {
        informPlain(parent, QObject::tr("Reindex"),
            QObject::tr("The reindex failed: %1").arg(QString::fromStdString(summary.fatalError)));
        return false;
    }
    return !summary.cancelled;
}

} // namespace stackdeck::ui
