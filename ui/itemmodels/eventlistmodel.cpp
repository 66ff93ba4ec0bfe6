#include "eventlistmodel.h"

#include "common/plaintext.h"
#include "common/timeformat.h"

namespace stackdeck::ui {

EventListModel::EventListModel(QObject* parent)
    : TableModelBase<store::EventRow>(parent)
{
}

void EventListModel::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    setIssue(IssueId());
}

void EventListModel::setIssue(IssueId issue)
{
    m_issue = issue;
    m_atEnd = true;
    std::vector<store::EventRow> rows;
    if (m_session && issue.isValid()) {
        rows = page(std::nullopt);
        m_atEnd = static_cast<int>(rows.size()) < kPageSize;
    }
    setRows(std::move(rows));
}

std::vector<store::EventRow> EventListModel::page(const std::optional<std::pair<Micros, std::int64_t>>& after)
{
    store::EventListRequest request;
    request.issue = m_issue;
    request.newestFirst = true;
    request.after = after;
    request.limit = kPageSize;
    auto reader = m_session->reader();
    if (!reader) {
        qWarning("stackdeck: reading a page of events of issue %lld failed: %s", static_cast<long long>(m_issue.value),
            reader.error().message.c_str());
        return {};
    }
    try {
        return store::listEvents(reader->db(), request);
    } catch (const std::exception& e) {
        qWarning("stackdeck: reading a page of events of issue %lld failed: %s", static_cast<long long>(m_issue.value),
            e.what());
        return {};
    }
}

int EventListModel::rowOfEvent(EventRowId row) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].row == row)
            return static_cast<int>(i);
    }
    return -1;
}

bool EventListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && m_session && !m_rows.empty();
}

void EventListModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const auto& last = m_rows.back();
    auto rows = page(std::make_pair(last.timestamp, last.row.value));
    m_atEnd = static_cast<int>(rows.size()) < kPageSize;
    appendRows(std::move(rows));
}

QStringList EventListModel::headers() const
{
    return {tr("Time"), tr("Event ID"), tr("Message"), tr("Release"), tr("Environment")};
}

QVariant EventListModel::cell(const store::EventRow& row, int column, int role) const
{
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TimeColumn:
            return absoluteTime(row.timestamp);
        case EventIdColumn:
            return qs(row.eventId).left(12);
        case MessageColumn:
            return firstLine(qs(row.message.empty() ? row.title : row.message));
        case ReleaseColumn:
            return qs(row.release);
        case EnvironmentColumn:
            return qs(row.environment);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && column == EventIdColumn)
        return qs(row.eventId);
    if (role == Qt::ToolTipRole && column == MessageColumn)
        return qs(row.message).left(2000);
    if (role == SortRole)
        return column == TimeColumn ? QVariant(static_cast<qlonglong>(row.timestamp))
                                    : cell(row, column, Qt::DisplayRole);
    if (role == RowIdRole)
        return static_cast<qlonglong>(row.row.value);
    return {};
}

} // namespace stackdeck::ui
