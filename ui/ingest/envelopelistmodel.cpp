#include "envelopelistmodel.h"

#include <QLocale>

namespace stackdeck::ui {

EnvelopeListModel::EnvelopeListModel(QObject* parent)
    : TableModelBase<InspectedEnvelope>(parent)
{
}

void EnvelopeListModel::add(const InspectedEnvelope& envelope)
{
    ++m_added;
    beginInsertRows({}, 0, 0);
    m_rows.insert(m_rows.begin(), envelope);
    endInsertRows();
    if (m_rows.size() > static_cast<std::size_t>(kCapacity)) {
        const int first = kCapacity;
        beginRemoveRows({}, first, static_cast<int>(m_rows.size()) - 1);
        m_rows.resize(static_cast<std::size_t>(kCapacity));
        endRemoveRows();
    }
}

void EnvelopeListModel::clear()
{
    m_added = 0;
    setRows({});
}

QStringList EnvelopeListModel::headers() const
{
    return {tr("Received"), tr("Project"), tr("Route"), tr("Items"), tr("Status"), tr("Rejected"), tr("Event ID")};
}

QVariant EnvelopeListModel::cell(const InspectedEnvelope& row, int column, int role) const
{
    const ingest::ReceivedEnvelope& e = row.envelope;
    const auto items = static_cast<qint64>(e.route == QLatin1String("store") ? 1 : e.items.size());
    const auto rejected = static_cast<qint64>(e.rejections.size());
    if (role == SortRole) {
        switch (column) {
        case TimeColumn:
            return row.received.toMSecsSinceEpoch();
        case ItemsColumn:
            return items;
        case StatusColumn:
            return e.status;
        case RejectionsColumn:
            return rejected;
        default:
            return cell(row, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TimeColumn:
            return QLocale().toString(row.received.time(), QStringLiteral("HH:mm:ss.zzz"));
        case ProjectColumn:
            return e.project;
        case RouteColumn:
            return e.route;
        case ItemsColumn:
            return items;
        case StatusColumn:
            return e.status;
        case RejectionsColumn:
            return rejected > 0 ? QVariant(rejected) : QVariant();
        case EventColumn:
            return e.eventId;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && column == StatusColumn && e.status != 200)
        return tr("Answered %1: nothing of it was stored").arg(e.status);
    if (role == Qt::TextAlignmentRole
        && (column == ItemsColumn || column == StatusColumn || column == RejectionsColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace stackdeck::ui
