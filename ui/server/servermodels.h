#pragma once

#include "itemmodels/tablemodelbase.h"
#include "serverjobs.h"

#include <QSet>

namespace stackdeck::ui {

// The sidebar's accounts: name, organization, last sync (or "offline" when
// the last sync could not reach the server) and what waits in the outbox;
// under each account its projects with their server issues (one inbox,
// grouped by account, then project). Top-level rows are accounts.
class AccountModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StateColumn, NUM_COLUMNS };
    enum Role { AccountIdRole = Qt::UserRole + 1, OfflineRole, ProjectIdRole }; // ProjectIdRole: 0 on accounts
    using QAbstractItemModel::QAbstractItemModel;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRows(std::vector<AccountRow> rows);
    const AccountRow& rowAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    const std::vector<AccountRow>& rows() const { return m_rows; }
    void setOffline(std::int64_t account, bool offline);
    bool isOffline(std::int64_t account) const { return m_offline.contains(account); }
    int rowOf(std::int64_t account) const;
    void setNow(std::int64_t now) { m_now = now; } // microseconds; 0: the clock

private:
    QVariant accountCell(const AccountRow& row, int column, int role) const;
    QVariant projectCell(const AccountRow& row, const AccountProject& project, int column, int role) const;
    std::vector<AccountRow> m_rows;
    QSet<std::int64_t> m_offline;
    std::int64_t m_now = 0;
};

// The outbox as a diff: issue short id, field, before -> after, state.
class OutboxModel : public TableModelBase<store::OutboxEntry> {
    Q_OBJECT
public:
    enum Column { IssueColumn, FieldColumn, BeforeColumn, AfterColumn, StateColumn, NUM_COLUMNS };
    enum Role { EntryIdRole = Qt::UserRole + 1, ConflictRole };
    using TableModelBase::TableModelBase;

protected:
    QStringList headers() const override;
    QVariant cell(const store::OutboxEntry& row, int column, int role) const override;
};

} // namespace stackdeck::ui
