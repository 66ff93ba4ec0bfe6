#pragma once

#include "store/eventqueries.h"
#include "tablemodelbase.h"

namespace stackdeck::ui {

// The events of one issue, newest first, in keyset pages.
class EventListModel : public TableModelBase<store::EventRow> {
    Q_OBJECT
public:
    enum Column { TimeColumn, EventIdColumn, MessageColumn, ReleaseColumn, EnvironmentColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1, RowIdRole };
    static constexpr int kPageSize = 100;

    explicit EventListModel(QObject* parent = nullptr);
    void setDatabase(sql::Database* db);
    void setIssue(IssueId issue);
    IssueId issue() const { return m_issue; }
    int rowOfEvent(EventRowId row) const;

    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

protected:
    QStringList headers() const override;
    QVariant cell(const store::EventRow& row, int column, int role) const override;

private:
    std::vector<store::EventRow> page(const std::optional<std::pair<Micros, std::int64_t>>& after);
    sql::Database* m_db = nullptr;
    IssueId m_issue;
    bool m_atEnd = true;
};

} // namespace stackdeck::ui
