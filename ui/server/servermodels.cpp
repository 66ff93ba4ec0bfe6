#include "servermodels.h"

#include "common/timeformat.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace stackdeck::ui {

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

QStringList AccountModel::headers() const
{
    return {tr("Account"), tr("Last sync")};
}

QVariant AccountModel::cell(const AccountRow& row, int column, int role) const
{
    const auto& a = row.account;
    const bool offline = m_offline.contains(a.id);
    if (role == AccountIdRole)
        return QVariant::fromValue<qint64>(a.id);
    if (role == OfflineRole)
        return offline;
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
