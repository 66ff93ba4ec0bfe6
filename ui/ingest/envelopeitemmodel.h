#pragma once

#include "envelopepayloads.h"
#include "itemmodels/tablemodelbase.h"

namespace stackdeck::ui {

// The items of the envelope selected in the inspector: type, content type,
// file name, payload size and the item header as sent. Holds the envelope, so
// the payloads it points into stay alive.
class EnvelopeItemModel : public TableModelBase<InspectedItem> {
    Q_OBJECT
public:
    enum Column { TypeColumn, ContentTypeColumn, FilenameColumn, SizeColumn, HeaderColumn, NUM_COLUMNS };

    explicit EnvelopeItemModel(QObject* parent = nullptr);
    void setEnvelope(const InspectedEnvelope& envelope);
    void clear();
    const ingest::ReceivedEnvelope& envelope() const { return m_envelope.envelope; }

protected:
    QStringList headers() const override;
    QVariant cell(const InspectedItem& row, int column, int role) const override;

private:
    InspectedEnvelope m_envelope;
};

} // namespace stackdeck::ui
