#pragma once

#include "itemmodels/tablemodelbase.h"
#include "regroup/regroupplan.h"

#include <memory>

namespace stackdeck::ui {

// The issues a regroup plan changes, most events first, served in pages of
// kPageSize rows from the plan (a broad rule can touch thousands).
class AffectedIssueModel : public TableModelBase<regroup::AffectedIssue> {
    Q_OBJECT
public:
    enum Column { ChangeColumn, EventsColumn, TitleColumn, GroupsColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1, IssueIdRole };
    static constexpr int kPageSize = 200;

    explicit AffectedIssueModel(QObject* parent = nullptr);
    void setPlan(std::shared_ptr<const regroup::RegroupPlan> plan);
    const std::shared_ptr<const regroup::RegroupPlan>& plan() const { return m_plan; }
    int rowOfIssue(IssueId id) const;

    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

protected:
    QStringList headers() const override;
    QVariant cell(const regroup::AffectedIssue& row, int column, int role) const override;

private:
    std::shared_ptr<const regroup::RegroupPlan> m_plan;
};

QString changeText(regroup::IssueChange change);

} // namespace stackdeck::ui
