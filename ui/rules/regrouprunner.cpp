#include "regrouprunner.h"

#include "common/futurewatch.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QtConcurrent>

#include <mutex>

namespace stackdeck::ui {

RegroupRunner::RegroupRunner(QObject* parent)
    : QObject(parent)
{
}

RegroupRunner::~RegroupRunner()
{
    cancel();
}

void RegroupRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

regroup::ProgressFn RegroupRunner::progressSink()
{
    // The plan may report from several worker threads.
    struct Throttle {
        std::mutex mutex;
        QElapsedTimer clock;
        qint64 lastMs = -1000;
        qint64 lastPercent = -1;
    };
    auto throttle = std::make_shared<Throttle>();
    throttle->clock.start();
    QPointer<RegroupRunner> self(this);
    return [self, throttle](std::int64_t done, std::int64_t total) {
        {
            const std::lock_guard lock(throttle->mutex);
            const qint64 now = throttle->clock.elapsed();
            const qint64 percent = total > 0 ? 100 * done / total : 0;
            if (now - throttle->lastMs < 100 && percent == throttle->lastPercent && done < total)
                return;
            throttle->lastMs = now;
            throttle->lastPercent = percent;
        }
        QMetaObject::invokeMethod(
            self,
            [self, done, total] {
                if (self && self->m_running)
                    Q_EMIT self->progress(done, total);
            },
            Qt::QueuedConnection);
    };
}

bool RegroupRunner::plan(const QString& workspacePath, const regroup::RegroupOptions& options)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto future = QtConcurrent::run([path = workspacePath.toStdString(), options, cancel = m_cancel,
                                        sink = progressSink()] {
        return std::make_shared<const regroup::RegroupPlan>(regroup::planRegroup(path, options, cancel.get(), sink));
    });
    whenFinished(this, std::move(future), [this](std::shared_ptr<const regroup::RegroupPlan> result) {
        m_running = false;
        Q_EMIT planned(std::move(result));
    });
    return true;
}

bool RegroupRunner::apply(const QString& workspacePath, const regroup::RegroupOptions& options)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    regroup::RegroupOptions withWait = options;
    QPointer<RegroupRunner> self(this);
    withWait.waitForWriters = [self](const std::string& holders) {
        QMetaObject::invokeMethod(
            self,
            [self, text = QString::fromStdString(holders)] {
                if (self && self->m_running)
                    Q_EMIT self->waiting(text);
            },
            Qt::QueuedConnection);
        return true; // until cancelled
    };
    auto future = QtConcurrent::run(
        [path = workspacePath.toStdString(), options = std::move(withWait), cancel = m_cancel, sink = progressSink()] {
            return std::make_shared<const regroup::RegroupSummary>(
                regroup::applyRegroup(path, options, cancel.get(), sink));
        });
    whenFinished(this, std::move(future), [this](std::shared_ptr<const regroup::RegroupSummary> result) {
        m_running = false;
        Q_EMIT applied(std::move(result));
    });
    return true;
}

} // namespace stackdeck::ui
