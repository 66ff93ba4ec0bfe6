#include "redactionpreviewmodel.h"

#include "common/plaintext.h"

namespace stackdeck::ui {

QStringList RedactionPreviewModel::headers() const
{
    return {tr("Remove"), tr("Issue"), tr("Found by"), tr("Where"), tr("Text")};
}

QVariant RedactionPreviewModel::cell(const PreviewFinding& row, int column, int role) const
{
    if (role == Qt::CheckStateRole)
        return column == ApplyColumn ? QVariant(row.apply ? Qt::Checked : Qt::Unchecked) : QVariant();
    if (role == SortRole && column == IssueColumn)
        return static_cast<qlonglong>(row.issue.value);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != SortRole)
        return {};
    switch (column) {
    case ApplyColumn:
        return role == Qt::ToolTipRole ? (row.apply ? tr("Removed in the export") : tr("Kept in the export"))
                                       : QVariant();
    case IssueColumn:
        return QString::number(row.issue.value);
    case DetectorColumn:
        return qs(row.finding.detector);
    case PathColumn:
        return qs(row.finding.path);
    case MatchColumn: {
        const QString match = qs(row.finding.match);
        return role == Qt::ToolTipRole ? match : firstLine(match, 120);
    }
    default:
        return {};
    }
}

Qt::ItemFlags RedactionPreviewModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = TableModelBase::flags(index);
    if (index.isValid() && index.column() == ApplyColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool RedactionPreviewModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != ApplyColumn
        || role != Qt::CheckStateRole)
        return false;
    const bool apply = value.toInt() == Qt::Checked;
    const PreviewFinding& at = m_rows[static_cast<std::size_t>(index.row())];
    const IssueId issue = at.issue;
    const std::string path = at.finding.path;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        PreviewFinding& r = m_rows[i];
        if (r.issue == issue && r.finding.path == path && r.apply != apply) {
            r.apply = apply;
            const QModelIndex changed = this->index(static_cast<int>(i), ApplyColumn);
            Q_EMIT dataChanged(changed, changed, {Qt::CheckStateRole, Qt::ToolTipRole});
        }
    }
    Q_EMIT togglesChanged();
    return true;
}

void RedactionPreviewModel::setAllApplied(bool apply)
{
    if (m_rows.empty())
        return;
    for (auto& r : m_rows)
        r.apply = apply;
    Q_EMIT dataChanged(index(0, ApplyColumn), index(rowCount() - 1, ApplyColumn), {Qt::CheckStateRole});
    Q_EMIT togglesChanged();
}

std::map<std::int64_t, std::set<std::string>> RedactionPreviewModel::keptPaths() const
{
    std::map<std::int64_t, std::set<std::string>> kept;
    for (const auto& r : m_rows) {
        if (!r.apply)
            kept[r.issue.value].insert(r.finding.path);
    }
    return kept;
}

int RedactionPreviewModel::appliedCount() const
{
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const auto& r) { return r.apply; }));
}

} // namespace stackdeck::ui
