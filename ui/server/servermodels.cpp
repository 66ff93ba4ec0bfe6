#include "servermodels.h"

#include "common/timeformat.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace stackdeck::ui {

// Internal ids: 0 for an account row, the account's row + 1 for its projects.
QModelIndex AccountModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, parent.isValid() ? static_cast<quintptr>(parent.row()) + 1 : quintptr(0));
}

QModelIndex AccountModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int AccountModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_rows.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return static_cast<int>(m_rows[static_cast<std::size_t>(parent.row())].projects.size());
}

int AccountModel::columnCount(const QModelIndex&) const
{
    return NUM_COLUMNS;
}

QVariant AccountModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid))
        return {};
    QVariant value;
    if (index.internalId() == 0) {
        value = accountCell(m_rows[static_cast<std::size_t>(index.row())], index.column(), role);
    } else {
        const AccountRow& row = m_rows[static_cast<std::size_t>(index.internalId() - 1)];
        value = projectCell(row, row.projects[static_cast<std::size_t>(index.row())], index.column(), role);
    }
    if (role == Qt::ToolTipRole && value.isValid())
        return plainToolTip(value.toString());
    return value;
}

QVariant AccountModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == NameColumn)
        return tr("Account");
    if (section == StateColumn)
        return tr("Last sync");
    return {};
}

void AccountModel::setRows(std::vector<AccountRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void AccountModel::setOffline(std::int64_t account, bool offline)
{
    if (offline == m_offline.contains(account))
        return;
    if (offline)
        m_offline.insert(account);
    else
        m_offline.remove(account);
    if (const int row = rowOf(account); row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, NUM_COLUMNS - 1));
}

int AccountModel::rowOf(std::int64_t account) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].account.id == account)
            return static_cast<int>(i);
    }
    return -1;
}

QVariant AccountModel::projectCell(const AccountRow& row, const AccountProject& project, int column, int role) const
{
    if (role == AccountIdRole)
        return QVariant::fromValue<qint64>(row.account.id);
    if (role == ProjectIdRole)
        return QVariant::fromValue<qint64>(project.id);
    if (role == Qt::DisplayRole)
        return column == NameColumn ? QString::fromStdString(project.name) : QString::number(project.issues);
    if (role == Qt::ToolTipRole)
        return tr("%1 in %2: %n server issue(s); choose it to list them", nullptr, static_cast<int>(project.issues))
            .arg(QString::fromStdString(project.name), QString::fromStdString(row.account.name));
    if (role == Qt::ForegroundRole && column == StateColumn)
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    return {};
}

QVariant AccountModel::accountCell(const AccountRow& row, int column, int role) const
{
    const auto& a = row.account;
    const bool offline = m_offline.contains(a.id);
    if (role == AccountIdRole)
        return QVariant::fromValue<qint64>(a.id);
    if (role == OfflineRole)
        return offline;
    if (role == ProjectIdRole)
        return QVariant::fromValue<qint64>(0);
    if (role == Qt::DisplayRole) {
        if (column == NameColumn) {
            QString text = QString::fromStdString(a.name);
            if (row.pending > 0)
                text += QStringLiteral("  ↑%1").arg(row.pending);
            return text;
        }
        if (offline)
            return tr("offline");
        if (a.lastSyncAt == 0)
            return tr("never synced");
        return relativeTime(a.lastSyncAt, m_now > 0 ? m_now : nowMicros());
    }
    if (role == Qt::ToolTipRole) {
        QString tip = tr("%1 — organization %2 on %3")
                          .arg(QString::fromStdString(a.name), QString::fromStdString(a.organization),
                              QString::fromStdString(a.baseUrl));
        tip += QLatin1Char('\n')
            + (a.lastSyncAt == 0 ? tr("Never synced") : tr("Last synced %1").arg(absoluteTime(a.lastSyncAt)));
        if (offline)
            tip += QLatin1Char('\n') + tr("The last sync could not reach the server: working offline");
        if (row.pending > 0)
            tip += QLatin1Char('\n') + tr("%n change(s) waiting in the outbox", nullptr, static_cast<int>(row.pending));
        if (row.conflicts > 0)
            tip += QLatin1Char('\n') + tr("%n conflict(s) to resolve", nullptr, static_cast<int>(row.conflicts));
        return tip;
    }
    if (role == Qt::ForegroundRole && column == StateColumn && offline)
        return QColor(QStringLiteral("#c0392b"));
    if (role == Qt::ForegroundRole && column == StateColumn)
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    return {};
}

QStringList OutboxModel::headers() const
{
    return {tr("Issue"), tr("Field"), tr("Before"), tr("After"), tr("State")};
}

QVariant OutboxModel::cell(const store::OutboxEntry& row, int column, int role) const
{
    if (role == EntryIdRole)
        return QVariant::fromValue<qint64>(row.id);
    if (role == ConflictRole)
        return row.state == "conflict";
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (column) {
        case IssueColumn:
            return QString::fromStdString(row.shortId.empty() ? row.serverId : row.shortId);
        case FieldColumn:
            return QString::fromStdString(row.field);
        case BeforeColumn:
            return outboxValueText(row.field, row.before);
        case AfterColumn:
            return QString(QStringLiteral("→ ") + outboxValueText(row.field, row.after));
        case StateColumn:
            if (row.state == "conflict")
                return tr("conflict: the server now has %1")
                    .arg(outboxValueText(row.field, conflictServerValue(row.result)));
            if (row.state == "failed")
                return tr("failed: %1").arg(QString::fromStdString(row.result));
            return QString::fromStdString(row.state);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && column == StateColumn && row.state == "conflict")
        return QColor(QStringLiteral("#d35400"));
    return {};
}

} // namespace stackdeck::ui
