#include "tracelistmodel.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "store/sessionaccess.h"
#include "store/tracerows.h"
#include "timemapping.h"
#include "trace/tracefilter.h"

#include <QElapsedTimer>
#include <QFont>
#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace stackdeck::ui {

namespace {

using Page = Result<std::vector<trace::TraceSummary>>;

QString joined(const std::vector<std::string>& values)
{
    QStringList out;
    for (const auto& v : values)
        out << qs(v);
    return out.join(QStringLiteral(", "));
}

using Update = TraceListModel::FirstPageUpdate;

Page readTracePage(const std::shared_ptr<store::WorkspaceSession>& session, const store::TraceListOptions& options)
{
    return store::readWithSession(session, [&](sql::Database& db) -> Page { return store::listTraces(db, options); });
}

// The first page of a reload, on a worker. Traces marked stale (an import's
// batches, a crash before their end, a workspace from before schema 9) are
// assembled first, `chunk` per writer lease so triage and notes, which write
// through the same lease, wait for one chunk at most. The page is read again
// after the first chunk and then every `refreshMs`, so the list fills while a
// big import's traces are assembled; the final page shows final figures. When
// the workspace cannot be written (read only, or a rebuild holds it) the rows
// come as they are, marked Pending. A canceled promise (a newer reload) stops
// after its chunk, leaving the rest marked.
void firstPageJob(QPromise<Update>& promise, const std::shared_ptr<store::WorkspaceSession>& session,
    const store::TraceListOptions& options, std::int64_t chunk, int refreshMs)
{
    std::int64_t total = 0;
    if (session && session->mode() == store::WorkspaceSession::Mode::ReadWrite) {
        const auto stale = store::readWithSession(
            session, [](sql::Database& db) -> Result<std::int64_t> { return store::countStaleTraces(db); });
        total = stale ? *stale : 0;
    }
    std::int64_t done = 0;
    bool shown = false;
    QElapsedTimer sincePage;
    while (total > 0 && !promise.isCanceled()) {
        const auto n = store::writeWithSession(
            session, "assembling traces",
            [chunk](sql::Database& db) -> Result<std::int64_t> {
                sql::Transaction tx(db);
                const std::int64_t assembled = store::assembleStaleTraces(db, chunk);
                tx.commit();
                return assembled;
            },
            nullptr, std::chrono::seconds(5));
        if (!n) {
            qWarning("trace list: %s", n.error().message.c_str());
            break;
        }
        done += *n;
        const bool last = *n < chunk;
        if (last) // none left: those another worker took (a superseded reload's last chunk) are done too
            done = std::max(done, total);
        Update update;
        update.done = done;
        update.total = std::max(total, done);
        if (!last && (!shown || sincePage.elapsed() >= refreshMs)) {
            update.page = readTracePage(session, options);
            shown = true;
            sincePage.start();
        }
        promise.addResult(std::move(update));
        if (last)
            break;
    }
    if (promise.isCanceled())
        return;
    Update final;
    final.done = done;
    final.total = std::max(total, done);
    final.final = true;
    final.page = readTracePage(session, options);
    promise.addResult(std::move(final));
}

} // namespace

TraceListModel::TraceListModel(QObject* parent)
    : TableModelBase<trace::TraceSummary>(parent)
{
}

TraceListModel::~TraceListModel()
{
    m_firstPage.cancel();
}

void TraceListModel::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    reload();
}

bool TraceListModel::setQuery(const QString& query, QString* error)
{
    auto parsed = trace::parseTraceFilter(query.toStdString());
    if (!parsed.error.empty()) {
        if (error)
            *error = qs(parsed.error);
        Q_EMIT queryFailed(qs(parsed.error));
        return false;
    }
    m_filter = std::move(parsed.filter);
    reload();
    return true;
}

void TraceListModel::reload()
{
    ++m_generation;
    m_firstPage.cancel();
    m_atEnd = true;
    m_inFlight = false;
    m_assembling = false;
    m_shownThisReload = false;
    if (!m_session) {
        setRows({});
        return;
    }
    readFirstPage();
}

void TraceListModel::readFirstPage()
{
    store::TraceListOptions options;
    options.filter = m_filter;
    options.sort = m_sort;
    options.limit = kPageSize;
    m_inFlight = true;
    const quint64 generation = m_generation;
    m_firstPage = QtConcurrent::run(
        [session = m_session, options, chunk = std::int64_t(m_chunk), refreshMs = m_refreshMs](
            QPromise<Update>& promise) { firstPageJob(promise, session, options, chunk, refreshMs); });
    auto* watcher = new QFutureWatcher<Update>(this);
    connect(watcher, &QFutureWatcherBase::resultReadyAt, this,
        [this, watcher, generation](int index) { applyUpdate(watcher->resultAt(index), generation); });
    connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(m_firstPage);
}

void TraceListModel::applyUpdate(FirstPageUpdate update, quint64 generation)
{
    if (generation != m_generation)
        return;
    if (update.page && *update.page) {
        m_refreshing = m_shownThisReload;
        setRows(std::move(*update.page).value());
        m_refreshing = false;
        m_shownThisReload = true;
    }
    if (update.final) {
        m_inFlight = false;
        m_assembling = false;
        if (!*update.page) {
            m_atEnd = true;
            Q_EMIT queryFailed(qs(update.page->error().message));
            return;
        }
        m_atEnd = static_cast<int>(m_rows.size()) < kPageSize;
        Q_EMIT loaded();
        return;
    }
    m_assembling = true;
    Q_EMIT assemblyProgress(update.done, update.total);
}

void TraceListModel::readNextPage()
{
    store::TraceListOptions options;
    options.filter = m_filter;
    options.sort = m_sort;
    options.limit = kPageSize;
    if (!m_rows.empty()) {
        const auto& last = m_rows.back();
        options.after
            = store::TraceCursor {m_sort == store::TraceSort::Duration ? last.duration : last.start, last.traceId};
    }
    m_inFlight = true;
    const quint64 generation = m_generation;
    auto future
        = QtConcurrent::run([session = m_session, options]() -> Page { return readTracePage(session, options); });
    whenFinished(this, future, [this, generation](Page page) {
        if (generation != m_generation)
            return;
        m_inFlight = false;
        if (!page) {
            m_atEnd = true;
            Q_EMIT queryFailed(qs(page.error().message));
            return;
        }
        auto rows = std::move(page).value();
        m_atEnd = static_cast<int>(rows.size()) < kPageSize;
        appendRows(std::move(rows));
    });
}

int TraceListModel::rowOfTrace(const std::string& traceId) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].traceId == traceId)
            return static_cast<int>(i);
    }
    return -1;
}

void TraceListModel::sort(int column, Qt::SortOrder)
{
    // The table is indexed for two orders; the other columns keep the current one.
    const auto sort = column == DurationColumn ? store::TraceSort::Duration
        : column == StartColumn                ? store::TraceSort::Start
                                               : m_sort;
    if (sort == m_sort)
        return;
    m_sort = sort;
    reload();
}

bool TraceListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_inFlight && m_session && !m_rows.empty();
}

void TraceListModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        readNextPage();
}

QStringList TraceListModel::headers() const
{
    return {tr("Root transaction"), tr("Duration"), tr("Spans"), tr("Errors"), tr("Services"), tr("Start")};
}

QVariant TraceListModel::cell(const trace::TraceSummary& row, int column, int role) const
{
    if (role == Qt::DisplayRole) {
        switch (column) {
        case RootColumn:
            return row.rootName.empty() ? tr("<unnamed trace %1>").arg(qs(row.traceId).left(8))
                                        : firstLine(qs(row.rootName));
        case DurationColumn:
            return durationText(row.duration);
        case SpansColumn:
            return QString::number(row.spanCount);
        case ErrorsColumn:
            return row.errorCount > 0 ? QString::number(row.errorCount) : QString();
        case ServicesColumn:
            return joined(row.services);
        case StartColumn:
            return absoluteTime(row.start);
        default:
            return {};
        }
    }
    if (role == Qt::FontRole && (row.flags & trace::Pending) != 0) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    if (role == Qt::ToolTipRole && (row.flags & trace::Pending) != 0)
        return tr("Not final: events of this trace arrived since it was assembled");
    if (role == Qt::ToolTipRole) {
        if (column == RootColumn)
            return tr("%1\ntrace %2\nop %3").arg(qs(row.rootName), qs(row.traceId), qs(row.rootOp));
        if (column == ServicesColumn)
            return tr("services: %1\nprojects: %2").arg(joined(row.services), joined(row.projects));
        return {};
    }
    if (role == Qt::TextAlignmentRole && (column == DurationColumn || column == SpansColumn || column == ErrorsColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == SortRole) {
        switch (column) {
        case DurationColumn:
            return static_cast<qlonglong>(row.duration);
        case SpansColumn:
            return static_cast<qlonglong>(row.spanCount);
        case ErrorsColumn:
            return static_cast<qlonglong>(row.errorCount);
        case StartColumn:
            return static_cast<qlonglong>(row.start);
        default:
            return cell(row, column, Qt::DisplayRole);
        }
    }
    if (role == TraceIdRole)
        return qs(row.traceId);
    return {};
}

} // namespace stackdeck::ui
