#include "issuelistmodel.h"

#include "util/plaintext.h"
#include "util/timeformat.h"

#include <QElapsedTimer>

namespace stackdeck::ui {

QString levelText(Level level)
{
    return qs(std::string(levelName(level)));
}

QString statusText(IssueStatus status)
{
    return qs(std::string(issueStatusName(status)));
}

QIcon levelIcon(Level level)
{
    return QIcon(QStringLiteral(":/icons/level-") + levelText(level) + QStringLiteral(".svg"));
}

QIcon statusIcon(IssueStatus status)
{
    return QIcon(QStringLiteral(":/icons/status-") + statusText(status) + QStringLiteral(".svg"));
}

IssueListModel::IssueListModel(QObject* parent)
    : TableModelBase<IssueRow>(parent)
{
    for (int i = 0; i < 5; ++i)
        m_levelIcons[static_cast<std::size_t>(i)] = levelIcon(static_cast<Level>(i));
    for (int i = 0; i < 3; ++i)
        m_statusIcons[static_cast<std::size_t>(i)] = statusIcon(static_cast<IssueStatus>(i));
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

void IssueListModel::setDatabase(sql::Database* db)
{
    m_db = db;
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

std::vector<IssueRow> IssueListModel::loadPage(
    const std::optional<store::IssueCursor>& after, int limit, std::optional<store::IssueCursor>& next)
{
    std::vector<IssueRow> rows;
    next.reset();
    if (!m_db)
        return rows;
    QElapsedTimer timer;
    timer.start();
    try {
        store::IssueListRequest request;
        request.filter = m_filter;
        request.sort = m_sort;
        request.descending = m_descending;
        request.after = after;
        request.limit = limit;
        auto page = store::listIssues(*m_db, request);
        std::vector<IssueId> ids;
        ids.reserve(page.issues.size());
        for (const auto& issue : page.issues)
            ids.push_back(issue.id);
        auto trends = store::issueSparklines(*m_db, ids, m_trendEnd);
        rows.reserve(page.issues.size());
        for (auto& issue : page.issues) {
            IssueRow row;
            row.trend = trends[issue.id.value];
            row.issue = std::move(issue);
            rows.push_back(std::move(row));
        }
        next = page.next;
    } catch (const std::exception& e) {
        Q_EMIT queryFailed(QString::fromUtf8(e.what()));
    }
    m_lastPageMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return rows;
}

void IssueListModel::reload()
{
    m_now = nowMicros();
    m_total = 0;
    std::vector<IssueRow> rows;
    std::optional<store::IssueCursor> next;
    if (m_db) {
        try {
            m_trendEnd = store::latestIssueActivity(*m_db);
            m_total = store::countIssues(*m_db, m_countFilter);
        } catch (const std::exception& e) {
            Q_EMIT queryFailed(QString::fromUtf8(e.what()));
        }
        const int want = std::max(kPageSize, static_cast<int>(m_rows.size()));
        rows = loadPage(std::nullopt, want, next);
    }
    m_next = next;
    m_atEnd = !next.has_value();
    setRows(std::move(rows));
    Q_EMIT reloaded();
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
    return !parent.isValid() && !m_atEnd && m_db;
}

void IssueListModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    std::optional<store::IssueCursor> next;
    auto rows = loadPage(m_next, kPageSize, next);
    m_next = next;
    m_atEnd = !next.has_value();
    appendRows(std::move(rows));
}

QVariant IssueListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == LevelColumn)
            return QStringLiteral("Level");
        if (section == StatusColumn)
            return QStringLiteral("Status");
    }
    return TableModelBase<IssueRow>::headerData(section, orientation, role);
}

QStringList IssueListModel::headers() const
{
    return {QStringLiteral(""), QStringLiteral("Issue"), QStringLiteral("14 days"), QStringLiteral("Events"),
        QStringLiteral("Users"), QStringLiteral("First seen"), QStringLiteral("Last seen"), QString(),
        QStringLiteral("Assignee")};
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
            return issue.title.empty() ? QStringLiteral("<untitled>") : firstLine(qs(issue.title));
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
            return QString(qs(issue.title).left(2000) + QLatin1Char('\n') + qs(issue.culprit).left(500));
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
            return QStringLiteral("%1 events in the 14 days up to %2").arg(sum).arg(absoluteTime(m_trendEnd).left(10));
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
