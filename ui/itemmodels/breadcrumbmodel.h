#pragma once

#include "model/breadcrumb.h"
#include "tablemodelbase.h"

#include <QFont>
#include <QSortFilterProxyModel>

#include <optional>

namespace stackdeck::ui {

class BreadcrumbModel : public TableModelBase<Breadcrumb> {
    Q_OBJECT
public:
    enum Column { TimeColumn, CategoryColumn, LevelColumn, MessageColumn, DataColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1, LevelRole, CategoryRole };

    explicit BreadcrumbModel(QObject* parent = nullptr);
    // Times relative to `eventTime` when set, absolute otherwise.
    void setBreadcrumbs(std::vector<Breadcrumb> crumbs, std::optional<Micros> eventTime);
    void setRelativeTimes(bool relative);
    bool relativeTimes() const { return m_relative; }
    QStringList categories() const;

protected:
    QStringList headers() const override;
    QVariant cell(const Breadcrumb& crumb, int column, int role) const override;

private:
    std::optional<Micros> m_eventTime;
    bool m_relative = false;
    QFont m_mono;
};

// Level and category: the structured filter (text search is a second proxy).
class BreadcrumbFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    // Shows crumbs at `minLevel` or above (crumbs without level count as info).
    void setMinimumLevel(std::optional<Level> minLevel);
    void setCategory(const QString& category); // empty = all

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<Level> m_minLevel;
    QString m_category;
};

// `METHOD url → status` for an http breadcrumb (category or type "http") whose
// data has a method or url; nullopt for any other breadcrumb. Plain text.
std::optional<QString> httpSummary(const Breadcrumb& crumb);

} // namespace stackdeck::ui
