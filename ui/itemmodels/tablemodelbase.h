#pragma once

#include "common/plaintext.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace stackdeck::ui {

// Base of the flat tables: rows are values of type Row held in a vector; the
// concrete model supplies cells. Rows are appended in batches (fetchMore)
// and replaced only by a reload.
template <typename Row> class TableModelBase : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(headers().size());
    }
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid))
            return {};
        QVariant value = cell(m_rows[static_cast<std::size_t>(index.row())], index.column(), role);
        if (role == Qt::ToolTipRole && value.isValid())
            return plainToolTip(value.toString()); // event text in tooltips stays literal
        return value;
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < headers().size())
            return headers()[section];
        return {};
    }

    const Row& rowAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    const std::vector<Row>& rows() const { return m_rows; }

    void setRows(std::vector<Row> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    void appendRows(std::vector<Row> rows)
    {
        if (rows.empty())
            return;
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
        for (auto& r : rows)
            m_rows.push_back(std::move(r));
        endInsertRows();
    }

protected:
    virtual QStringList headers() const = 0;
    virtual QVariant cell(const Row& row, int column, int role) const = 0;
    std::vector<Row> m_rows;
};

} // namespace stackdeck::ui
