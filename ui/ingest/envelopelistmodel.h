#pragma once

#include "inspectedenvelope.h"
#include "itemmodels/tablemodelbase.h"

namespace stackdeck::ui {

// The envelopes the local endpoint received last, newest first, at most
// kCapacity: the inspector's list.
class EnvelopeListModel : public TableModelBase<InspectedEnvelope> {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ProjectColumn,
        RouteColumn,
        ItemsColumn,
        StatusColumn,
        RejectionsColumn,
        EventColumn,
        NUM_COLUMNS
    };
    enum Role { SortRole = Qt::UserRole + 1 };
    static constexpr int kCapacity = 50;

    explicit EnvelopeListModel(QObject* parent = nullptr);
    void add(const stackdeck::ui::InspectedEnvelope& envelope);
    void clear();
    qint64 totalAdded() const { return m_added; }

protected:
    QStringList headers() const override;
    QVariant cell(const InspectedEnvelope& row, int column, int role) const override;

private:
    qint64 m_added = 0;
};

} // namespace stackdeck::ui
