#include "tracelistmodel.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "store/sessionaccess.h"
#include "store/tracerows.h"
#include "timemapping.h"
#include "trace/tracefilter.h"

#include <QFont>
#include <QtConcurrent/QtConcurrentRun>

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

// Traces marked stale (an import's batches, a crash before their end, a
// workspace from before schema 9) are assembled before the first page is read,
// so the page shows final figures. When the workspace cannot be written (read
// only, or a rebuild holds it) the rows come as they are, marked Pending.
void assemblePending(const std::shared_ptr<store::WorkspaceSession>& session)
{
    if (!session || session->mode() != store::WorkspaceSession::Mode::ReadWrite)
        return;
    const auto stale = store::readWithSession(
        session, [](sql::Database& db) -> Result<std::int64_t> { return store::countStaleTraces(db); });
    if (!stale || *stale == 0)
        return;
    // A lease per batch of traces: triage and notes, which write through the
    // same lease, wait for one batch at most, not for all of them.
    constexpr std::int64_t kPerLease = 1000;
    while (true) {
        const auto done = store::writeWithSession(
            session, "assembling traces",
            [](sql::Database& db) -> Result<std::int64_t> {
                sql::Transaction tx(db);
                const std::int64_t n = store::assembleStaleTraces(db, kPerLease);
                tx.commit();
                return n;
            },
            nullptr, std::chrono::seconds(5));
        if (!done) {
            qWarning("trace list: %s", done.error().message.c_str());
            return;
        }
        if (*done < kPerLease)
            return;
    }
}

} // namespace

TraceListModel::TraceListModel(QObject* parent)
    : TableModelBase<trace::TraceSummary>(parent)
{
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
    m_atEnd = true;
    m_inFlight = false;
    if (!m_session) {
        setRows({});
        return;
    }
    readPage(false);
}

void TraceListModel::readPage(bool append)
{
    store::TraceListOptions options;
    options.filter = m_filter;
    options.sort = m_sort;
    options.limit = kPageSize;
    if (append && !m_rows.empty()) {
        const auto& last = m_rows.back();
        options.after
            = store::TraceCursor {m_sort == store::TraceSort::Duration ? last.duration : last.start, last.traceId};
    }
    m_inFlight = true;
    const quint64 generation = m_generation;
    const bool first = !append;
    auto future = QtConcurrent::run([session = m_session, options, first]() -> Page {
        if (first)
            assemblePending(session);
        return store::readWithSession(
            session, [&](sql::Database& db) -> Page { return store::listTraces(db, options); });
    });
    whenFinished(this, future, [this, generation, append](Page page) {
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
        if (append) {
            appendRows(std::move(rows));
        } else {
            setRows(std::move(rows));
            Q_EMIT loaded();
        }
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
        readPage(true);
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
