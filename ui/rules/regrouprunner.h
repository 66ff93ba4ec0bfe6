#pragma once

#include "regroup/regroupplan.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace stackdeck::ui {

// Runs one regroup plan or apply at a time on the thread pool, with a cancel
// flag and progress throttled to every 100 ms or a whole percent.
class RegroupRunner : public QObject {
    Q_OBJECT
public:
    explicit RegroupRunner(QObject* parent = nullptr);
    ~RegroupRunner() override;

    bool plan(const QString& workspacePath, const regroup::RegroupOptions& options);
    bool apply(const QString& workspacePath, const regroup::RegroupOptions& options);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    // Apply waits for other writers of the workspace (an import, another program's regroup).
    void waiting(const QString& holders);
    void planned(std::shared_ptr<const stackdeck::regroup::RegroupPlan> plan);
    void applied(std::shared_ptr<const stackdeck::regroup::RegroupSummary> summary);

private:
    regroup::ProgressFn progressSink();
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
};

} // namespace stackdeck::ui
