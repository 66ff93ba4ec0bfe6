#pragma once

#include "itemmodels/tablemodelbase.h"
#include "serverjobs.h"

#include <QSet>

namespace stackdeck::ui {

// The sidebar's accounts: name, organization, last sync (or "offline" when
// the last sync could not reach the server) and what waits in the outbox.
class AccountModel : public TableModelBase<AccountRow> {
    Q_OBJECT
public:
    enum Column { NameColumn, StateColumn, NUM_COLUMNS };
    enum Role { AccountIdRole = Qt::UserRole + 1, OfflineRole };
    using TableModelBase::TableModelBase;
    void setOffline(std::int64_t account, bool offline);
    bool isOffline(std::int64_t account) const { return m_offline.contains(account); }
    int rowOf(std::int64_t account) const;
    void setNow(std::int64_t now) { m_now = now; } // microseconds; 0: the clock

protected:
    QStringList headers() const override;
    QVariant cell(const AccountRow& row, int column, int role) const override;

private:
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
