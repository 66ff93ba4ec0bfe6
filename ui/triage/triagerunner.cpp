#include "triagerunner.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "regroup/issuemerge.h"
#include "store/sessionaccess.h"
#include "store/tagcounts.h"
#include "store/triageevaluation.h"

#include <QtConcurrent>

namespace stackdeck::ui {

TriageRunner::TriageRunner(QObject* parent)
    : QObject(parent)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, [this] { poll(); });
}

TriageRunner::~TriageRunner()
{
    if (m_cancel)
        m_cancel->store(true);
}

void TriageRunner::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    refreshUndo();
    reevaluate();
}

void TriageRunner::reevaluate()
{
    const quint64 job = ++m_reevaluateJob;
    if (!m_session || m_session->mode() != store::WorkspaceSession::Mode::ReadWrite)
        return;
    ++m_reevaluating;
    auto future = QtConcurrent::run([session = m_session]() -> Result<std::int64_t> {
        return writeWithSession(session, "triage re-evaluation", [](sql::Database& db) -> Result<std::int64_t> {
            // Tag counts an import left deferred (it was killed): counted first, as the issues show them.
            try {
                store::catchUpTagCounts(db);
            } catch (const std::exception& e) {
                return Error {std::string("counting the tags of the newest events failed: ") + e.what()};
            }
            return store::reevaluateTriage(db, 0, "noticed when the workspace was opened");
        });
    });
    whenFinished(this, future, [this, job](const Result<std::int64_t>& reopened) {
        --m_reevaluating;
        if (job != m_reevaluateJob)
            return; // another workspace by now
        if (!reopened) {
            Q_EMIT failed(
                tr("Re-evaluating the ignored and resolved issues failed: %1").arg(qs(reopened.error().message)));
            return;
        }
        Q_EMIT reevaluated(*reopened);
    });
}

Result<QString> TriageRunner::applyNow(store::WorkspaceSession::Writer& writer, const TriageTarget& target,
    const store::TriageChange& change, const std::atomic<bool>& cancel, const ProgressFn& progress)
{
    sql::Database& db = writer.db();
    std::vector<IssueId> ids = target.ids;
    if (target.matching) {
        auto all = store::issueIdsMatching(db, *target.matching);
        if (!all)
            return all.error();
        ids = std::move(*all);
    }
    store::TriageOptions options;
    options.progress = progress;
    options.cancel = &cancel;
    auto outcome = store::applyTriage(db, ids, change, options);
    if (!outcome)
        return outcome.error();
    if (outcome->cancelled)
        return Error {"cancelled: nothing was changed"};
    return tr("%1: %n issue(s)", nullptr, static_cast<int>(outcome->issues)).arg(qs(change.describe()));
}

bool TriageRunner::apply(const TriageTarget& target, const store::TriageChange& change)
{
    if (target.isEmpty() || change.isEmpty())
        return false;
    return run(qs(change.describe()),
        [target, change](store::WorkspaceSession::Writer& writer, const std::atomic<bool>& cancel,
            const ProgressFn& progress) { return applyNow(writer, target, change, cancel, progress); });
}

bool TriageRunner::undo()
{
    return run(tr("Undo"),
        [](store::WorkspaceSession::Writer& writer, const std::atomic<bool>& cancel, const ProgressFn& progress) {
            sql::Database& db = writer.db();
            store::TriageOptions options;
            options.progress = progress;
            options.cancel = &cancel;
            const auto entry = store::lastUndoable(db);
            auto outcome = store::undoLast(db, options);
            if (!outcome)
                return Result<QString>(outcome.error());
            if (outcome->undoId == 0)
                return Result<QString>(tr("Nothing to undo"));
            return Result<QString>(tr("Undone: %1 (%n issue(s))", nullptr, static_cast<int>(outcome->issues))
                                       .arg(entry ? qs(entry->action) : QString()));
        });
}

bool TriageRunner::merge(const std::vector<IssueId>& ids)
{
    if (!m_session || ids.size() < 2)
        return false;
    const std::string path = m_session->path();
    return run(tr("Merge"),
        [path, ids](
            store::WorkspaceSession::Writer& writer, const std::atomic<bool>& cancel, const ProgressFn& progress) {
            sql::Database& db = writer.db();
            regroup::MergeOptions options;
            options.cancel = &cancel;
            options.progress = progress;
            auto outcome = regroup::mergeIssues(path, db, ids, options);
            if (!outcome)
                return Result<QString>(outcome.error());
            return Result<QString>(tr("Merged %n issue(s) into %1", nullptr, static_cast<int>(outcome->issues.size()))
                                       .arg(outcome->target.value));
        });
}

bool TriageRunner::unmerge(IssueId id)
{
    if (!m_session || !id.isValid())
        return false;
    const std::string path = m_session->path();
    return run(tr("Unmerge"),
        [path, id](
            store::WorkspaceSession::Writer& writer, const std::atomic<bool>& cancel, const ProgressFn& progress) {
            sql::Database& db = writer.db();
            regroup::MergeOptions options;
            options.cancel = &cancel;
            options.progress = progress;
            auto outcome = regroup::unmergeIssue(path, db, id, options);
            if (!outcome)
                return Result<QString>(outcome.error());
            return Result<QString>(
                tr("Split %n issue(s) off %1", nullptr, static_cast<int>(outcome->issues.size())).arg(id.value));
        });
}

bool TriageRunner::run(const QString& what, Job job)
{
    if (m_busy || !m_session)
        return false;
    m_busy = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_done = std::make_shared<std::atomic<std::int64_t>>(0);
    m_total = std::make_shared<std::atomic<std::int64_t>>(0);
    Q_EMIT busyChanged(true);
    Q_EMIT started(what);
    m_poll.start();
    auto future = QtConcurrent::run([session = m_session, cancel = m_cancel, done = m_done, total = m_total,
                                        job = std::move(job)]() -> Result<QString> {
        const ProgressFn progress = [done, total](std::int64_t d, std::int64_t t) {
            total->store(t);
            done->store(d);
        };
        return writeWithLease(
            session, "triage", [&](store::WorkspaceSession::Writer& writer) { return job(writer, *cancel, progress); },
            cancel.get());
    });
    whenFinished(this, future, [this](const Result<QString>& result) {
        m_poll.stop();
        poll();
        m_busy = false;
        Q_EMIT busyChanged(false);
        if (result)
            Q_EMIT finished(*result);
        else
            Q_EMIT failed(qs(result.error().message));
        refreshUndo();
    });
    return true;
}

void TriageRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void TriageRunner::poll()
{
    if (m_done && m_total)
        Q_EMIT progress(m_done->load(), m_total->load());
}

void TriageRunner::refreshUndo()
{
    const quint64 job = ++m_undoJob;
    if (!m_session) {
        m_undoText.clear();
        Q_EMIT undoChanged(m_undoText);
        return;
    }
    auto future = QtConcurrent::run([session = m_session]() -> Result<QString> {
        return readWithSession(session, [](sql::Database& db) -> Result<QString> {
            const auto entry = store::lastUndoable(db);
            if (!entry)
                return QString();
            return tr("%1 (%n issue(s))", nullptr, static_cast<int>(entry->issueCount)).arg(qs(entry->action));
        });
    });
    whenFinished(this, future, [this, job](const Result<QString>& text) {
        if (job != m_undoJob)
            return;
        if (!text)
            qWarning("stackdeck: reading the undo list: %s", text.error().message.c_str());
        m_undoText = text ? *text : QString();
        Q_EMIT undoChanged(m_undoText);
    });
}

} // namespace stackdeck::ui
