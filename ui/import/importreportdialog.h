#pragma once

#include "importbackend.h"

#include <QDialog>

class QTableView;

namespace stackdeck::ui {

// What an import did: counts, and every rejected record with its location.
class ImportReportDialog : public QDialog {
    Q_OBJECT
public:
    ImportReportDialog(const ImportOutcome& outcome, QWidget* parent = nullptr);
    QTableView* rejectedView() const { return m_view; }
    static QString summaryText(const ImportOutcome& outcome);

private:
    QTableView* m_view;
};

} // namespace stackdeck::ui
