#pragma once

#include "importbackend.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>

namespace stackdeck::ui {

// Runs one import at a time on the thread pool. Progress arrives at most
// every 100 ms; each written batch is announced so the views can refresh.
class ImportController : public QObject {
    Q_OBJECT
public:
    explicit ImportController(QObject* parent = nullptr);
    ~ImportController() override;

    bool start(const QString& workspacePath, const QStringList& paths, const QString& project = {});
    void cancel();
    bool isRunning() const { return m_running; }
    const ImportOutcome& lastOutcome() const { return m_last; }

Q_SIGNALS:
    void started(const QStringList& paths);
    void progress(qint64 events, qint64 bytesDone, qint64 bytesTotal, double eventsPerSecond);
    // Another program holds the workspace (a reindex or regroup); the import starts when it is done.
    void waiting(const QString& holders);
    void batchLanded(qint64 inserted);
    void finished(const stackdeck::ui::ImportOutcome& outcome);

private:
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
    QElapsedTimer m_clock;
    ImportOutcome m_last;
};

} // namespace stackdeck::ui

Q_DECLARE_METATYPE(stackdeck::ui::ImportOutcome)
