#pragma once

#include "itemmodels/tablemodelbase.h"
#include "store/keptitems.h"

namespace stackdeck::ui {

// The envelope items the local endpoint kept in the workspace (kept_items:
// not interpreted, or refused with a reason), newest first, as read from the
// workspace, so they are there after a restart.
class KeptItemModel : public TableModelBase<store::KeptItem> {
    Q_OBJECT
public:
    enum Column { TimeColumn, ProjectColumn, TypeColumn, ReasonColumn, SizeColumn, NUM_COLUMNS };
    enum Role { IdRole = Qt::UserRole + 1, RefusedRole };

    explicit KeptItemModel(QObject* parent = nullptr);
    // The row of the item with this id, -1 when not listed.
    int rowOf(std::int64_t id) const;
    // "refused: …" or "not interpreted, kept as received".
    static QString reasonText(const store::KeptItem& item);

protected:
    QStringList headers() const override;
    QVariant cell(const store::KeptItem& row, int column, int role) const override;
};

} // namespace stackdeck::ui
