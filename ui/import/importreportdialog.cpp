#include "importreportdialog.h"

#include "common/plaintext.h"
#include "common/timeformat.h"
#include "itemmodels/tablemodelbase.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace stackdeck::ui {

namespace {
class RejectionModel : public TableModelBase<ImportRejection> {
public:
    using TableModelBase<ImportRejection>::TableModelBase;

protected:
    QStringList headers() const override { return {tr("Location"), tr("Problem")}; }
    QVariant cell(const ImportRejection& r, int column, int role) const override
    {
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return column == 0 ? r.location : r.error;
        return {};
    }
};
} // namespace

QString ImportReportDialog::summaryText(const ImportOutcome& o)
{
    QStringList lines;
    if (!o.fatalError.isEmpty())
        lines << tr("The import stopped: ") + o.fatalError;
    if (o.cancelled)
        lines << tr("The import was cancelled; what was written so far is kept.");
    lines << QStringLiteral("%1 files, %2 read").arg(o.files).arg(byteSize(o.bytes));
    lines << tr("%1 events imported (%2 transactions), %3 new issues")
                 .arg(o.events)
                 .arg(o.transactions)
                 .arg(o.issuesCreated);
    if (o.duplicates > 0)
        lines << tr("%1 events were already in the workspace").arg(o.duplicates);
    if (o.skipped > 0)
        lines << tr("%1 items that are not events (sessions, reports…) skipped").arg(o.skipped);
    lines << (o.rejected.empty() ? tr("No record was rejected.")
                                 : tr("%1 records were rejected:")
                                       .arg(std::max<qint64>(o.rejectedTotal, static_cast<qint64>(o.rejected.size()))));
    return lines.join(QLatin1Char('\n'));
}

ImportReportDialog::ImportReportDialog(const ImportOutcome& outcome, QWidget* parent)
    : QDialog(parent)
    , m_view(new QTableView(this))
{
    setWindowTitle(tr("Import report"));
    setObjectName(QStringLiteral("importReport"));
    auto* layout = new QVBoxLayout(this);
    auto* summary = new QLabel(this);
    setPlainText(summary, summaryText(outcome));
    summary->setWordWrap(true);
    summary->setObjectName(QStringLiteral("importSummary"));
    layout->addWidget(summary);
    auto* model = new RejectionModel(this);
    model->setRows(outcome.rejected);
    m_view->setModel(model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(0, 220);
    m_view->setVisible(!outcome.rejected.empty());
    m_view->setObjectName(QStringLiteral("rejected"));
    layout->addWidget(m_view, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(680, outcome.rejected.empty() ? 220 : 420);
}

} // namespace stackdeck::ui
