#include "breadcrumbmodel.h"

#include "common/jsontext.h"
#include "common/plaintext.h"
#include "common/timeformat.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPalette>

#include <set>

namespace stackdeck::ui {

std::optional<QString> httpSummary(const Breadcrumb& crumb)
{
    if ((crumb.category != "http" && crumb.type != "http") || crumb.data.isNull())
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(crumb.data.text));
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject data = doc.object();
    const auto text = [&data](const char* key) {
        const QJsonValue v = data.value(QLatin1String(key));
        if (v.isString())
            return firstLine(v.toString(), 500);
        if (v.isDouble())
            return QString::number(v.toInteger());
        return QString();
    };
    const QString method = text("method").toUpper();
    const QString url = text("url");
    if (method.isEmpty() && url.isEmpty())
        return std::nullopt;
    QString out = method;
    if (!url.isEmpty())
        out += (out.isEmpty() ? QString() : QStringLiteral(" ")) + url;
    if (const QString status = text("status_code"); !status.isEmpty())
        out += QStringLiteral(" \u2192 ") + status;
    return out;
}

BreadcrumbModel::BreadcrumbModel(QObject* parent)
    : TableModelBase<Breadcrumb>(parent)
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
}

void BreadcrumbModel::setBreadcrumbs(std::vector<Breadcrumb> crumbs, std::optional<Micros> eventTime)
{
    m_eventTime = eventTime;
    setRows(std::move(crumbs));
}

void BreadcrumbModel::setRelativeTimes(bool relative)
{
    if (relative == m_relative)
        return;
    m_relative = relative;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

QStringList BreadcrumbModel::categories() const
{
    std::set<std::string> seen;
    for (const auto& c : m_rows) {
        if (!c.category.empty())
            seen.insert(c.category);
    }
    QStringList out;
    for (const auto& s : seen)
        out << qs(s);
    return out;
}

QStringList BreadcrumbModel::headers() const
{
    return {tr("Time"), tr("Category"), tr("Level"), tr("Message"), tr("Data")};
}

QVariant BreadcrumbModel::cell(const Breadcrumb& crumb, int column, int role) const
{
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (column) {
        case TimeColumn:
            if (!crumb.timestamp)
                return QString();
            if (role == Qt::ToolTipRole)
                return QString(absoluteTime(*crumb.timestamp) + QStringLiteral(" (") + clockTime(*crumb.timestamp)
                    + QLatin1Char(')'));
            if (m_relative && m_eventTime)
                return relativeOffset(*crumb.timestamp - *m_eventTime);
            return clockTime(*crumb.timestamp);
        case CategoryColumn:
            return qs(crumb.category.empty() ? crumb.type : crumb.category);
        case LevelColumn:
            return crumb.level ? qs(std::string(levelName(*crumb.level))) : QStringLiteral("info");
        case MessageColumn:
            // HTTP and navigation crumbs carry their story in data (url, status): show it when there is no message.
            if (crumb.message.empty()) {
                if (auto http = httpSummary(crumb))
                    return *http;
            }
            if (crumb.message.empty() && !crumb.data.isNull())
                return role == Qt::ToolTipRole ? prettyJson(crumb.data.text).left(4000)
                                               : firstLine(qs(crumb.data.text), 200);
            return role == Qt::ToolTipRole ? qs(crumb.message).left(4000) : firstLine(qs(crumb.message));
        case DataColumn: {
            if (crumb.data.isNull())
                return QString();
            const QString text = qs(crumb.data.text);
            return role == Qt::ToolTipRole ? prettyJson(crumb.data.text).left(4000) : firstLine(text, 200);
        }
        default:
            return {};
        }
    }
    if (role == SortRole && column == TimeColumn)
        return static_cast<qlonglong>(crumb.timestamp.value_or(0));
    if (role == LevelRole)
        return static_cast<int>(crumb.level.value_or(Level::Info));
    if (role == CategoryRole)
        return qs(crumb.category.empty() ? crumb.type : crumb.category);
    if (role == Qt::FontRole && (column == TimeColumn || column == DataColumn))
        return m_mono;
    if (role == Qt::ForegroundRole && column == LevelColumn && crumb.level && *crumb.level >= Level::Error)
        return QColor(0xe0, 0x3e, 0x2f);
    if (role == Qt::ForegroundRole && column == LevelColumn && crumb.level == Level::Warning)
        return QColor(0xd9, 0x8e, 0x04);
    return {};
}

void BreadcrumbFilterProxy::setMinimumLevel(std::optional<Level> minLevel)
{
    m_minLevel = minLevel;
    invalidateFilter();
}

void BreadcrumbFilterProxy::setCategory(const QString& category)
{
    m_category = category;
    invalidateFilter();
}

bool BreadcrumbFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_minLevel && idx.data(BreadcrumbModel::LevelRole).toInt() < static_cast<int>(*m_minLevel))
        return false;
    if (!m_category.isEmpty() && idx.data(BreadcrumbModel::CategoryRole).toString() != m_category)
        return false;
    return true;
}

} // namespace stackdeck::ui
