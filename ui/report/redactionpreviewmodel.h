#pragma once

#include "exportjob.h"
#include "itemmodels/tablemodelbase.h"

#include <map>
#include <set>

namespace stackdeck::ui {

// The redaction preview's findings, one per row: a check box (removed in the
// export or kept), the issue, the detector, the JSON path and the matched
// text (shown as plain text: it is event data). Toggling a row toggles every
// finding at the same path of the same issue, since the export keeps by path.
class RedactionPreviewModel : public TableModelBase<PreviewFinding> {
    Q_OBJECT
public:
    enum Column { ApplyColumn, IssueColumn, DetectorColumn, PathColumn, MatchColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1 };
    using TableModelBase::TableModelBase;

    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    void setAllApplied(bool apply);
    // What the export keeps: per issue id, the paths turned off.
    std::map<std::int64_t, std::set<std::string>> keptPaths() const;
    int appliedCount() const;

Q_SIGNALS:
    void togglesChanged();

protected:
    QStringList headers() const override;
    QVariant cell(const PreviewFinding& row, int column, int role) const override;
};

} // namespace stackdeck::ui
