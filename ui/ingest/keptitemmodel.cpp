#include "keptitemmodel.h"

#include "common/timeformat.h"

#include <QDateTime>
#include <QLocale>

namespace stackdeck::ui {

KeptItemModel::KeptItemModel(QObject* parent)
    : TableModelBase<store::KeptItem>(parent)
{
}

int KeptItemModel::rowOf(std::int64_t id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

QString KeptItemModel::reasonText(const store::KeptItem& item)
{
    return item.rejection ? tr("refused: %1").arg(QString::fromStdString(*item.rejection))
                          : tr("not interpreted, kept as received");
}

QStringList KeptItemModel::headers() const
{
    return {tr("Received"), tr("Project"), tr("Item"), tr("Reason"), tr("Size")};
}

QVariant KeptItemModel::cell(const store::KeptItem& row, int column, int role) const
{
    if (role == IdRole)
        return QVariant::fromValue<qint64>(row.id);
    if (role == RefusedRole)
        return row.rejection.has_value();
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TimeColumn: {
            const QDateTime when = QDateTime::fromMSecsSinceEpoch(row.receivedAt / 1000);
            return QLocale().toString(when, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        }
        case ProjectColumn:
            return QString::fromStdString(row.project);
        case TypeColumn: {
            const QString type = row.itemType.empty() ? tr("(no item header)") : QString::fromStdString(row.itemType);
            return row.itemIndex > 0 ? tr("%1 #%2").arg(type).arg(row.itemIndex) : type;
        }
        case ReasonColumn:
            return reasonText(row);
        case SizeColumn:
            return byteSize(row.rawSize);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (column == ReasonColumn)
            return reasonText(row);
        if (column == TypeColumn && !row.envelopeEventId.empty())
            return tr("Item %1 of envelope %2").arg(row.itemIndex).arg(QString::fromStdString(row.envelopeEventId));
        if (column == SizeColumn)
            return tr("%1 bytes as received, %2 in the workspace").arg(row.rawSize).arg(byteSize(row.storedSize));
    }
    if (role == Qt::TextAlignmentRole && column == SizeColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace stackdeck::ui
