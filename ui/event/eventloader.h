#pragma once

#include "loadedevent.h"

#include <QObject>

#include <memory>

namespace stackdeck::ui {

// Loads events on the thread pool, each job on a reader of the workspace
// session; only the newest request's result is delivered.
class EventLoader : public QObject {
    Q_OBJECT
public:
    explicit EventLoader(QObject* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    void request(IssueId issue, EventRowId from, EventStep step);
    bool busy() const { return m_pending > 0; }

Q_SIGNALS:
    void loaded(const stackdeck::ui::LoadedEventPtr& event);

private:
    std::shared_ptr<store::WorkspaceSession> m_session;
    quint64 m_job = 0;
    int m_pending = 0;
};

} // namespace stackdeck::ui
