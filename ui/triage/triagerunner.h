#pragma once

#include "model/ids.h"
#include "store/sqlfilter.h"
#include "store/triageactions.h"
#include "store/workspacesession.h"
#include "util/result.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace stackdeck::ui {

// The issues an action covers: the ones picked, or every issue a search
// matches (no cap: "select all N matching"), resolved on the worker.
struct TriageTarget {
    std::vector<IssueId> ids;
    std::optional<SqlFilter> matching; // set: every issue this (count) filter selects; `ids` is ignored

    bool isEmpty() const { return !matching && ids.empty(); }
};

// Runs triage actions, undo, merge and unmerge off the GUI thread, one at a
// time, on the session's writer under the workspace's shared lock. Progress
// is polled every 100 ms from what the worker last reported (never a signal
// per chunk), and an action can be cancelled until its transaction commits.
class TriageRunner : public QObject {
    Q_OBJECT
public:
    using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;
    // A job: runs on the worker with the write connection; returns what to say when done.
    using Job = std::function<Result<QString>(
        store::WorkspaceSession::Writer& writer, const std::atomic<bool>& cancel, const ProgressFn&)>;

    explicit TriageRunner(QObject* parent = nullptr);
    ~TriageRunner() override;

    // A new workspace: its triage is re-evaluated at once (see reevaluate()).
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    bool isBusy() const { return m_busy; }
    // Brings back the issues whose ignore time passed while the workspace was
    // closed (or whose events arrived without a re-evaluation), with activity
    // rows saying why. Runs on a worker beside any action (it only waits for
    // the writer); `reevaluated` reports how many came back.
    void reevaluate();
    bool isReevaluating() const { return m_reevaluating > 0; }

    // false (and nothing runs) while another action runs or without a workspace.
    bool apply(const TriageTarget& target, const store::TriageChange& change);
    bool undo();
    bool merge(const std::vector<IssueId>& ids);
    bool unmerge(IssueId id);
    bool run(const QString& what, Job job);
    void cancel();

    // The action Ctrl+Z would take back ("" when none), as of the last check.
    QString undoDescription() const { return m_undoText; }
    void refreshUndo();

    // The same work on the calling thread, for the worker and for tests.
    static Result<QString> applyNow(store::WorkspaceSession::Writer& writer, const TriageTarget& target,
        const store::TriageChange& change, const std::atomic<bool>& cancel, const ProgressFn& progress);

Q_SIGNALS:
    void started(const QString& what);
    void progress(qint64 done, qint64 total);
    void finished(const QString& summary);
    void failed(const QString& message);
    void busyChanged(bool busy);
    void undoChanged(const QString& description);
    void reevaluated(qint64 reopened);

private:
    void poll();
    std::shared_ptr<store::WorkspaceSession> m_session;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::atomic<std::int64_t>> m_done;
    std::shared_ptr<std::atomic<std::int64_t>> m_total;
    QTimer m_poll;
    QString m_undoText;
    quint64 m_undoJob = 0;
    quint64 m_reevaluateJob = 0;
    int m_reevaluating = 0;
    bool m_busy = false;
};

} // namespace stackdeck::ui
