#include "issuelistmodel.h"

#include "common/plaintext.h"
#include "common/timeformat.h"
#include "store/schema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace stackdeck::ui {

IssueListModel::IssueListModel(QObject* parent)
    : TableModelBase<IssueRow>(parent)
{
    for (int i = 0; i < 5; ++i)
        m_levelIcons[static_cast<std::size_t>(i)] = levelIcon(static_cast<Level>(i));
    for (int i = 0; i < 3; ++i)
        m_statusIcons[static_cast<std::size_t>(i)] = statusIcon(static_cast<IssueStatus>(i));
    m_pool.setMaxThreadCount(1);
    m_countPool.setMaxThreadCount(2);
    connect(&m_readAheadWatch, &QFutureWatcherBase::finished, this, &IssueListModel::onReadAheadLanded);
    connect(&m_countWatch, &QFutureWatcherBase::finished, this, &IssueListModel::onCountLanded);
}

IssueListModel::~IssueListModel()
{
    dropReadAhead();
    m_latestCount->store(0); // counts still queued are skipped
    m_pool.waitForDone(); // the job in flight holds the reader until it ends
    m_countPool.waitForDone();
}

store::IssueSort IssueListModel::sortForColumn(int column)
{
    switch (column) {
    case LevelColumn:
        return store::IssueSort::Level;
    case TitleColumn:
        return store::IssueSort::Title;
    case EventsColumn:
    case TrendColumn:
        return store::IssueSort::Events;
    case UsersColumn:
        return store::IssueSort::Users;
    case FirstSeenColumn:
        return store::IssueSort::FirstSeen;
    case StatusColumn:
        return store::IssueSort::Status;
    case AssigneeColumn:
        return store::IssueSort::Assignee;
    default:
        return store::IssueSort::LastSeen;
    }
}

void IssueListModel::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    dropReadAhead();
    m_session = std::move(session);
    reload();
}

void IssueListModel::setFilter(const SqlFilter& filter, const SqlFilter& countFilter)
{
    m_filter = filter;
    m_countFilter = countFilter;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    reload();
}

store::IssueListRequest IssueListModel::pageRequest(const std::optional<store::IssueCursor>& after, int limit) const
{
    store::IssueListRequest request;
    request.filter = m_filter;
    request.sort = m_sort;
    request.descending = m_descending;
    request.after = after;
    request.limit = limit;
    return request;
}

namespace {
IssueListModel::Page queryPage(sql::Database& db, const store::IssueListRequest& request, Micros trendEnd)
{
    IssueListModel::Page out;
    QElapsedTimer timer;
    timer.start();
    try {
        auto page = store::listIssues(db, request);
        std::vector<IssueId> ids;
        ids.reserve(page.issues.size());
        for (const auto& issue : page.issues)
            ids.push_back(issue.id);
        auto trends = store::issueSparklines(db, ids, trendEnd);
        out.rows.reserve(page.issues.size());
        for (auto& issue : page.issues) {
            IssueRow row;
            row.trend = trends[issue.id.value];
            row.issue = std::move(issue);
            out.rows.push_back(std::move(row));
        }
        out.next = page.next;
    } catch (const std::exception& e) {
        out.rows.clear();
        out.next.reset();
        out.error = e.what();
    }
    out.ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return out;
}
} // namespace

std::vector<IssueRow> IssueListModel::loadPage(store::WorkspaceSession::Reader& reader,
    const std::optional<store::IssueCursor>& after, int limit, std::optional<store::IssueCursor>& next)
{
    next.reset();
    Page page = queryPage(reader.db(), pageRequest(after, limit), m_trendEnd);
    m_lastPageMs = page.ms;
    if (!page.error.empty())
        Q_EMIT queryFailed(QString::fromUtf8(page.error));
    next = page.next;
    return std::move(page.rows);
}

void IssueListModel::dropReadAhead()
{
    ++m_generation;
    m_ahead.clear();
    m_appendWhenReady = false;
    m_readAhead = {}; // a job still running finishes on the pool (two pages at most) and is ignored
}

bool IssueListModel::startReadAhead()
{
    if (m_readAhead.isValid())
        return true;
    if (!m_session || m_atEnd || static_cast<int>(m_ahead.size()) >= kPageSize)
        return false;
    // Two pages: a view that scrolls to the bottom fetches twice per step.
    m_readAhead = QtConcurrent::run(
        &m_pool, [session = m_session, request = pageRequest(m_next, 2 * kPageSize), trendEnd = m_trendEnd] {
            auto reader = session->reader();
            if (!reader) {
                Page failed;
                failed.error = reader.error().message;
                return failed;
            }
            return queryPage(reader->db(), request, trendEnd);
        });
    m_readAheadGeneration = m_generation;
    m_readAheadWatch.setFuture(m_readAhead);
    return true;
}

void IssueListModel::onReadAheadLanded()
{
    if (!m_appendWhenReady || !m_readAhead.isValid() || !m_readAhead.isFinished()
        || m_readAheadGeneration != m_generation)
        return;
    m_appendWhenReady = false;
    if (canFetchMore({}))
        appendPage(false);
}

void IssueListModel::takeReadAhead()
{
    if (!m_readAhead.isValid())
        return;
    QFuture<Page> future = std::move(m_readAhead);
    m_readAhead = {};
    if (m_readAheadGeneration != m_generation)
        return;
    Page page = future.takeResult(); // normally finished long ago
    m_lastPageMs = page.ms;
    if (!page.error.empty()) {
        Q_EMIT queryFailed(QString::fromUtf8(page.error));
        return; // read on demand instead
    }
    for (auto& row : page.rows)
        m_ahead.push_back(std::move(row));
    m_next = page.next;
    m_atEnd = !m_next.has_value();
}

void IssueListModel::waitForReadAhead()
{
    if (!m_readAhead.isValid())
        return;
    m_readAhead.waitForFinished();
    if (m_appendWhenReady)
        onReadAheadLanded();
    else
        takeReadAhead();
}

void IssueListModel::reload()
{
    dropReadAhead();
    m_now = nowMicros();
    m_total = m_session ? -1 : 0;
    std::vector<IssueRow> rows;
    std::optional<store::IssueCursor> next;
    if (m_session) {
        if (auto reader = m_session->reader(); !reader) {
            Q_EMIT queryFailed(QString::fromStdString(reader.error().message));
        } else {
            try {
                m_trendEnd = store::latestIssueActivity(reader->db());
            } catch (const std::exception& e) {
                Q_EMIT queryFailed(QString::fromUtf8(e.what()));
            }
            const int want = std::max(kPageSize, static_cast<int>(m_rows.size()));
            rows = loadPage(*reader, std::nullopt, want, next);
        }
    }
    m_next = next;
    m_atEnd = !next.has_value();
    setRows(std::move(rows));
    startCount();
    // No read-ahead yet: while the user is typing a search, it would compete with the next search's
    // first page for the CPU; the first fetchMore starts it.
    Q_EMIT reloaded();
}

void IssueListModel::startCount()
{
    const quint64 generation = ++m_countGeneration;
    m_latestCount->store(generation);
    m_count = {};
    if (!m_session) {
        m_countWatch.setFuture(m_count);
        return;
    }
    m_count = QtConcurrent::run(
        &m_countPool, [session = m_session, filter = m_countFilter, generation, latest = m_latestCount] {
            Count out;
            out.generation = generation;
            if (latest->load() != generation)
                return out; // a newer reload came first: its count is the one that matters
            auto reader = session->reader();
            if (!reader) {
                out.error = reader.error().message;
                return out;
            }
            try {
                out.total = store::countIssues(reader->db(), filter);
            } catch (const std::exception& e) {
                out.error = e.what();
            }
            return out;
        });
    m_countWatch.setFuture(m_count);
}

void IssueListModel::onCountLanded()
{
    if (!m_count.isValid() || !m_count.isFinished())
        return;
    const Count count = m_count.result();
    if (count.generation != m_countGeneration)
        return; // a newer reload's count is on its way
    m_count = {};
    if (!count.error.empty()) {
        m_total = 0;
        Q_EMIT queryFailed(QString::fromStdString(count.error));
    } else {
        m_total = count.total;
    }
    Q_EMIT totalCounted();
}

void IssueListModel::waitForCount()
{
    if (!m_count.isValid())
        return;
    m_count.waitForFinished();
    onCountLanded();
}

int IssueListModel::rowOfIssue(IssueId id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].issue.id == id)
            return static_cast<int>(i);
    }
    return -1;
}

IssueId IssueListModel::issueAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return m_rows[static_cast<std::size_t>(row)].issue.id;
}

void IssueListModel::sort(int column, Qt::SortOrder order)
{
    const auto sort = sortForColumn(column);
    // Text columns read naturally ascending when the header arrow points up.
    const bool descending = order == Qt::DescendingOrder;
    if (sort == m_sort && descending == m_descending && !m_rows.empty())
        return;
    m_sort = sort;
    m_descending = descending;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    reload();
}

bool IssueListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_session && (!m_ahead.empty() || !m_atEnd);
}

void IssueListModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent) || m_appendWhenReady)
        return;
    const bool reading = m_readAhead.isValid() && !m_readAhead.isFinished();
    if (m_ahead.empty() && (reading || startReadAhead()) && !m_readAhead.isFinished()) {
        m_appendWhenReady = true; // onReadAheadLanded appends; the GUI thread does not wait
        return;
    }
    appendPage(false);
}

void IssueListModel::fetchMoreNow()
{
    if (!canFetchMore({}))
        return;
    m_appendWhenReady = false;
    appendPage(true);
}

void IssueListModel::appendPage(bool waitForWorker)
{
    const bool reading = m_readAhead.isValid() && !m_readAhead.isFinished();
    if (static_cast<int>(m_ahead.size()) < kPageSize && (waitForWorker || !reading))
        takeReadAhead();
    if (m_ahead.empty() && !m_atEnd && !(m_readAhead.isValid() && !m_readAhead.isFinished())) {
        // The worker's page failed: read here.
        if (auto reader = m_session->reader(); !reader) {
            Q_EMIT queryFailed(QString::fromStdString(reader.error().message));
            m_atEnd = true;
        } else {
            std::optional<store::IssueCursor> next;
            auto rows = loadPage(*reader, m_next, kPageSize, next);
            for (auto& row : rows)
                m_ahead.push_back(std::move(row));
            m_next = next;
            m_atEnd = !next.has_value();
        }
    }
    const auto take = std::min(m_ahead.size(), static_cast<std::size_t>(kPageSize));
    std::vector<IssueRow> rows(std::make_move_iterator(m_ahead.begin()),
        std::make_move_iterator(m_ahead.begin() + static_cast<std::ptrdiff_t>(take)));
    m_ahead.erase(m_ahead.begin(), m_ahead.begin() + static_cast<std::ptrdiff_t>(take));
    appendRows(std::move(rows));
    startReadAhead();
}

QVariant IssueListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == LevelColumn)
            return tr("Level");
        if (section == StatusColumn)
            return tr("Status");
    }
    return TableModelBase<IssueRow>::headerData(section, orientation, role);
}

QStringList IssueListModel::headers() const
{
    return {QString(), tr("Issue"), tr("14 days"), tr("Events"), tr("Users"), tr("First seen"), tr("Last seen"),
        QString(), tr("Assignee")};
}

QVariant IssueListModel::cell(const IssueRow& row, int column, int role) const
{
    const Issue& issue = row.issue;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case LevelColumn:
            return levelText(issue.level);
        case TitleColumn:
            return titleText(issue);
        case TrendColumn:
            return QString();
        case EventsColumn:
            return compactCount(issue.eventCount);
        case UsersColumn:
            return compactCount(issue.userCount);
        case FirstSeenColumn:
            return relativeTime(issue.firstSeen, m_now);
        case LastSeenColumn:
            return relativeTime(issue.lastSeen, m_now);
        case StatusColumn:
            return statusText(issue.status);
        case AssigneeColumn:
            return qs(issue.assignee);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case LevelColumn:
            return levelText(issue.level);
        case StatusColumn:
            return statusText(issue.status);
        case TitleColumn:
            return QString(qs(displayTitle(issue)).left(2000) + QLatin1Char('\n') + qs(issue.culprit).left(500)
                + (titleIsStandIn(issue) ? tr("\n(Sentry titles it \u201c%1\u201d)").arg(qs(issue.title).left(100))
                                         : QString()));
        case EventsColumn:
            return QString(QString::number(issue.eventCount) + QStringLiteral(" events"));
        case UsersColumn:
            return QString(QString::number(issue.userCount) + QStringLiteral(" users"));
        case FirstSeenColumn:
            return QString(absoluteTime(issue.firstSeen)
                + (issue.firstRelease.empty() ? QString() : QString(QStringLiteral("\nin ") + qs(issue.firstRelease))));
        case LastSeenColumn:
            return QString(absoluteTime(issue.lastSeen)
                + (issue.lastRelease.empty() ? QString() : QString(QStringLiteral("\nin ") + qs(issue.lastRelease))));
        case TrendColumn: {
            std::int64_t sum = 0;
            for (auto v : row.trend)
                sum += v;
            return tr("%1 events in the 14 days up to %2").arg(sum).arg(absoluteTime(m_trendEnd).left(10));
        }
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (column == LevelColumn)
            return m_levelIcons[static_cast<std::size_t>(issue.level)];
        if (column == StatusColumn)
            return m_statusIcons[static_cast<std::size_t>(issue.status)];
        return {};
    case Qt::TextAlignmentRole:
        if (column == EventsColumn || column == UsersColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case LevelColumn:
            return static_cast<int>(issue.level);
        case TitleColumn:
            return qs(issue.title);
        case EventsColumn:
        case TrendColumn:
            return static_cast<qlonglong>(issue.eventCount);
        case UsersColumn:
            return static_cast<qlonglong>(issue.userCount);
        case FirstSeenColumn:
            return static_cast<qlonglong>(issue.firstSeen);
        case LastSeenColumn:
            return static_cast<qlonglong>(issue.lastSeen);
        case StatusColumn:
            return static_cast<int>(issue.status);
        case AssigneeColumn:
            return qs(issue.assignee);
        default:
            return {};
        }
    case IssueIdRole:
        return static_cast<qlonglong>(issue.id.value);
    case CulpritRole:
        return firstLine(qs(issue.culprit));
    case LevelRole:
        return static_cast<int>(issue.level);
    case TrendRole:
        return QVariant::fromValue(static_cast<const void*>(row.trend.data()));
    case TrendEndRole:
        return static_cast<qlonglong>(m_trendEnd);
    default:
        return {};
    }
}

} // namespace stackdeck::ui
