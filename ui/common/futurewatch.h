#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QtGlobal>

#include <exception>
#include <utility>

namespace stackdeck::ui {

// Calls `handler(result)` on `context`'s thread when `future` finishes, unless
// `context` is gone by then. Unlike QFuture::then(context, ...), which asserts
// in Qt 6.4 when the context dies first, the watcher simply goes with it.
template <typename T, typename F> void whenFinished(QObject* context, QFuture<T> future, F handler)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, context, [watcher, handler = std::move(handler)]() mutable {
            watcher->deleteLater();
            // A task that threw stores its exception, and result() rethrows it
            // here, on the GUI thread: say so instead of ending the program.
            try {
                handler(watcher->result());
            } catch (const std::exception& e) {
                qWarning("stackdeck: a background task failed: %s", e.what());
            }
        });
    watcher->setFuture(std::move(future));
}

} // namespace stackdeck::ui
