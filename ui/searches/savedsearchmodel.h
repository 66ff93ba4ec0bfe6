#pragma once

#include "itemmodels/tablemodelbase.h"
#include "query/savedsearchcounts.h"

namespace stackdeck::ui {

using SavedSearchRow = query::SavedSearchCount;

// The sidebar's saved searches: name and live count, in the stored order.
class SavedSearchModel : public TableModelBase<SavedSearchRow> {
    Q_OBJECT
public:
    enum Column { NameColumn, CountColumn, NUM_COLUMNS };
    enum Role { QueryRole = Qt::UserRole + 1, IdRole, CountRole };
    using TableModelBase::TableModelBase;
    // New counts for the rows as they are (same ids): cells change, rows stay.
    void setCounts(const std::vector<SavedSearchRow>& counted);

protected:
    QStringList headers() const override;
    QVariant cell(const SavedSearchRow& row, int column, int role) const override;
};

} // namespace stackdeck::ui
