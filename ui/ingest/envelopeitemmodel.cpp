#include "envelopeitemmodel.h"

#include "common/timeformat.h"

namespace stackdeck::ui {

EnvelopeItemModel::EnvelopeItemModel(QObject* parent)
    : TableModelBase<InspectedItem>(parent)
{
}

void EnvelopeItemModel::setEnvelope(const InspectedEnvelope& envelope)
{
    beginResetModel();
    m_envelope = envelope; // first: the items point into its body
    m_rows = inspectItems(m_envelope.envelope);
    endResetModel();
}

void EnvelopeItemModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_envelope = {};
    endResetModel();
}

QStringList EnvelopeItemModel::headers() const
{
    return {tr("Type"), tr("Content type"), tr("File name"), tr("Size"), tr("Item header")};
}

QVariant EnvelopeItemModel::cell(const InspectedItem& row, int column, int role) const
{
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TypeColumn:
            return row.type;
        case ContentTypeColumn:
            return row.contentType;
        case FilenameColumn:
            return row.filename;
        case SizeColumn:
            return byteSize(row.size);
        case HeaderColumn:
            return firstLine(row.header, 200);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && column == HeaderColumn)
        return row.header;
    if (role == Qt::TextAlignmentRole && column == SizeColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace stackdeck::ui
