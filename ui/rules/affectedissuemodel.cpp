#include "affectedissuemodel.h"

#include <QLocale>

namespace stackdeck::ui {

QString changeText(regroup::IssueChange change)
{
    switch (change) {
    case regroup::IssueChange::Unchanged:
        return QStringLiteral("unchanged");
    case regroup::IssueChange::Split:
        return QStringLiteral("split");
    case regroup::IssueChange::Merged:
        return QStringLiteral("merged");
    case regroup::IssueChange::SplitAndMerged:
        return QStringLiteral("split + merged");
    }
    return {};
}

AffectedIssueModel::AffectedIssueModel(QObject* parent)
    : TableModelBase(parent)
{
}

void AffectedIssueModel::setPlan(std::shared_ptr<const regroup::RegroupPlan> plan)
{
    m_plan = std::move(plan);
    std::vector<regroup::AffectedIssue> first;
    if (m_plan) {
        const auto n = std::min(m_plan->affected.size(), static_cast<std::size_t>(kPageSize));
        first.assign(m_plan->affected.begin(), m_plan->affected.begin() + static_cast<std::ptrdiff_t>(n));
    }
    setRows(std::move(first)); // one reset; later pages arrive through fetchMore
}

bool AffectedIssueModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_plan && m_rows.size() < m_plan->affected.size();
}

void AffectedIssueModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const std::size_t from = m_rows.size();
    const std::size_t to = std::min(m_plan->affected.size(), from + kPageSize);
    appendRows({m_plan->affected.begin() + static_cast<std::ptrdiff_t>(from),
        m_plan->affected.begin() + static_cast<std::ptrdiff_t>(to)});
}

int AffectedIssueModel::rowOfIssue(IssueId id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

QStringList AffectedIssueModel::headers() const
{
    return {tr("Change"), tr("Events"), tr("Issue"), QStringLiteral("→ Groups")};
}

QVariant AffectedIssueModel::cell(const regroup::AffectedIssue& row, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case ChangeColumn:
            return changeText(row.change);
        case EventsColumn:
            return QLocale().toString(static_cast<qlonglong>(row.events));
        case TitleColumn:
            return QString(QStringLiteral("#%1 ").arg(row.id.value) + firstLine(qs(row.title), 300));
        case GroupsColumn:
            return row.groups.size() == 1 ? QStringLiteral("1 group")
                                          : QStringLiteral("%1 groups").arg(row.groups.size());
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return column == TitleColumn ? qs(row.title) : QVariant();
    case Qt::TextAlignmentRole:
        return column == EventsColumn || column == GroupsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                : QVariant();
    case SortRole:
        switch (column) {
        case ChangeColumn:
            return static_cast<int>(row.change);
        case EventsColumn:
            return static_cast<qlonglong>(row.events);
        case GroupsColumn:
            return static_cast<qlonglong>(row.groups.size());
        default:
            return qs(row.title);
        }
    case IssueIdRole:
        return static_cast<qlonglong>(row.id.value);
    default:
        return {};
    }
}

} // namespace stackdeck::ui
