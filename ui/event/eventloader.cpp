#include "eventloader.h"

#include "common/futurewatch.h"
#include "store/workspace.h"

#include <QtConcurrent>

namespace stackdeck::ui {

namespace {
// One connection per pool thread, reopened when the workspace changes.
LoadedEventPtr loadOnWorker(const std::string& path, IssueId issue, EventRowId from, EventStep step)
{
    thread_local std::unique_ptr<store::Workspace> ws;
    if (!ws || ws->path() != path) {
        ws.reset();
        auto opened = store::Workspace::open(path, store::Workspace::Mode::ReadOnly);
        if (!opened) {
            auto out = std::make_shared<LoadedEvent>();
            out->error = QStringLiteral("Cannot open the workspace: ") + QString::fromStdString(opened.error().message);
            return out;
        }
        ws = std::move(opened).value();
    }
    return loadEvent(ws->db(), issue, from, step);
}
} // namespace

EventLoader::EventLoader(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<LoadedEventPtr>();
}

void EventLoader::setWorkspacePath(const QString& path)
{
    m_path = path.toStdString();
    ++m_job;
}

void EventLoader::request(IssueId issue, EventRowId from, EventStep step)
{
    const quint64 job = ++m_job;
    ++m_pending;
    whenFinished(this, QtConcurrent::run(loadOnWorker, m_path, issue, from, step), [this, job](LoadedEventPtr event) {
        --m_pending;
        if (job == m_job)
            Q_EMIT loaded(event);
    });
}

} // namespace stackdeck::ui
