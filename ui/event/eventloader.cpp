#include "eventloader.h"

#include "common/futurewatch.h"

#include <QtConcurrent>

namespace stackdeck::ui {

EventLoader::EventLoader(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<LoadedEventPtr>();
}

void EventLoader::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    ++m_job;
}

void EventLoader::request(IssueId issue, EventRowId from, EventStep step)
{
    const quint64 job = ++m_job;
    ++m_pending;
    // The job holds the session: a workspace switched meanwhile stays open until it ends.
    auto load = [session = m_session, issue, from, step]() -> LoadedEventPtr {
        if (!session) {
            auto out = std::make_shared<LoadedEvent>();
            out->error = QCoreApplication::translate("EventLoader", "No workspace is open.");
            return out;
        }
        return loadEvent(*session, issue, from, step);
    };
    whenFinished(this, QtConcurrent::run(std::move(load)), [this, job](LoadedEventPtr event) {
        --m_pending;
        if (job == m_job)
            Q_EMIT loaded(event);
    });
}

} // namespace stackdeck::ui
