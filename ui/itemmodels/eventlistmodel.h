#pragma once

#include "store/eventqueries.h"
#include "store/workspacesession.h"
#include "tablemodelbase.h"

namespace stackdeck::ui {

// The events of one issue, newest first, in keyset pages. A page is read on
// the GUI thread, on a session reader: it is one bounded, indexed keyset read
// (kPageSize rows of idx on issue + time), so it costs about a millisecond
// whatever the workspace's size, and the view needs the rows at once.
class EventListModel : public TableModelBase<store::EventRow> {
    Q_OBJECT
public:
    enum Column { TimeColumn, EventIdColumn, MessageColumn, ReleaseColumn, EnvironmentColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1, RowIdRole };
    static constexpr int kPageSize = 100;

    explicit EventListModel(QObject* parent = nullptr);
    void setSession(std::shared_ptr<store::WorkspaceSession> session); // null empties the model
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
    std::shared_ptr<store::WorkspaceSession> m_session;
    IssueId m_issue;
    bool m_atEnd = true;
};

} // namespace stackdeck::ui
