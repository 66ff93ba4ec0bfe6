#include "importcontroller.h"

#include "common/futurewatch.h"

#include <QPointer>
#include <QtConcurrent>

namespace stackdeck::ui {

ImportController::ImportController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ImportOutcome>();
}

ImportController::~ImportController()
{
    cancel();
}

bool ImportController::start(const QString& workspacePath, const QStringList& paths, const QString& project)
{
    if (m_running || paths.isEmpty())
        return false;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_clock.start();
    Q_EMIT started(paths);
    QPointer<ImportController> self(this);
    auto cancelFlag = m_cancel;
    auto job = [self, workspacePath, paths, project, cancelFlag] {
        QElapsedTimer throttle;
        throttle.start();
        QElapsedTimer clock;
        clock.start();
        auto onTick = [&](const ImportTick& t) {
            if (!t.waitingFor.isEmpty()) {
                QMetaObject::invokeMethod(
                    self,
                    [self, holders = t.waitingFor] {
                        if (self)
                            Q_EMIT self->waiting(holders);
                    },
                    Qt::QueuedConnection);
                return;
            }
            if (throttle.elapsed() < 100 && t.bytesDone < t.bytesTotal)
                return;
            throttle.restart();
            const double rate
                = static_cast<double>(t.events) * 1000.0 / static_cast<double>(std::max<qint64>(1, clock.elapsed()));
            QMetaObject::invokeMethod(
                self,
                [self, t, rate] {
                    if (self)
                        Q_EMIT self->progress(t.events, t.bytesDone, t.bytesTotal, rate);
                },
                Qt::QueuedConnection);
        };
        auto onBatch = [&](qint64 inserted) {
            QMetaObject::invokeMethod(
                self,
                [self, inserted] {
                    if (self)
                        Q_EMIT self->batchLanded(inserted);
                },
                Qt::QueuedConnection);
        };
        return importFiles(workspacePath, paths, project, cancelFlag.get(), onTick, onBatch);
    };
    whenFinished(this, QtConcurrent::run(job), [this](ImportOutcome outcome) {
        m_running = false;
        m_last = outcome;
        Q_EMIT finished(outcome);
    });
    return true;
}

void ImportController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

} // namespace stackdeck::ui
