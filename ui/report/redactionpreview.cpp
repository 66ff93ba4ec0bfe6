#include "redactionpreview.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "redactionpreviewmodel.h"
#include "redactionrulesdialog.h"
#include "store/sessionaccess.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <map>

namespace stackdeck::ui {

RedactionPreview::RedactionPreview(QWidget* parent)
    : QWidget(parent)
    , m_model(new RedactionPreviewModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_editRules(new QPushButton(tr("Edit rules…"), this))
{
    setObjectName(QStringLiteral("redactionPreview"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    auto* all = new QPushButton(tr("Remove all"), this);
    auto* none = new QPushButton(tr("Keep all"), this);
    top->addWidget(all);
    top->addWidget(none);
    m_editRules->setObjectName(QStringLiteral("editRedactionRules"));
    m_editRules->setToolTip(tr("This workspace's own rules: key names and regular expressions to remove"));
    m_editRules->setEnabled(false);
    top->addWidget(m_editRules);
    layout->addLayout(top);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RedactionPreviewModel::SortRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the scan's order until a header is clicked
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(RedactionPreviewModel::ApplyColumn, 64);
    m_view->setColumnWidth(RedactionPreviewModel::IssueColumn, 56);
    m_view->setColumnWidth(RedactionPreviewModel::DetectorColumn, 120);
    m_view->setColumnWidth(RedactionPreviewModel::PathColumn, 260);
    layout->addWidget(m_view, 1);
    connect(all, &QPushButton::clicked, this, [this] { m_model->setAllApplied(true); });
    connect(none, &QPushButton::clicked, this, [this] { m_model->setAllApplied(false); });
    connect(m_model, &RedactionPreviewModel::togglesChanged, this, [this] { updateSummary(); });
    connect(m_editRules, &QPushButton::clicked, this, [this] { openRulesEditor(); });
    updateSummary();
}

RedactionPreview::~RedactionPreview()
{
    if (m_cancel)
        m_cancel->store(true);
}

void RedactionPreview::scan(std::shared_ptr<store::WorkspaceSession> session, const ReportScope& scope)
{
    m_session = session;
    m_scope = scope;
    m_editRules->setEnabled(m_session != nullptr);
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 job = ++m_job;
    m_scanning = true;
    m_model->setRows({});
    updateSummary();
    auto future = QtConcurrent::run(
        [session = std::move(session), scope, cancel = m_cancel]() -> Result<std::vector<PreviewFinding>> {
            return readWithLease(
                session, [&](store::WorkspaceSession::Reader& reader) { return scanScope(reader, scope, *cancel); });
        });
    whenFinished(this, future, [this, job](const Result<std::vector<PreviewFinding>>& findings) {
        if (job != m_job)
            return;
        m_scanning = false;
        if (!findings) {
            setPlainText(m_summary, tr("The scan failed: %1").arg(qs(findings.error().message)));
            Q_EMIT failed(qs(findings.error().message));
            return;
        }
        m_model->setRows(*findings);
        updateSummary();
        Q_EMIT scanned();
    });
}

void RedactionPreview::rescan()
{
    if (m_session)
        scan(m_session, m_scope);
}

RedactionRulesDialog* RedactionPreview::openRulesEditor()
{
    if (!m_session)
        return nullptr;
    auto* dialog = new RedactionRulesDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RedactionRulesDialog::rulesChanged, this, &RedactionPreview::rescan);
    dialog->open();
    return dialog;
}

QString RedactionPreview::summary() const
{
    return m_summary->text();
}

void RedactionPreview::updateSummary()
{
    if (m_scanning) {
        setPlainText(m_summary, tr("Scanning for secrets and personal data…"));
        return;
    }
    const int total = m_model->rowCount();
    if (total == 0) {
        setPlainText(m_summary, tr("Nothing to redact was found."));
        return;
    }
    std::map<std::string, int> perDetector;
    for (const auto& r : m_model->rows())
        ++perDetector[r.finding.detector];
    QStringList parts;
    for (const auto& [name, n] : perDetector)
        parts << QStringLiteral("%1 %2").arg(n).arg(qs(name));
    setPlainText(m_summary,
        tr("%1 of %n finding(s) will be removed (%2)", nullptr, total)
            .arg(m_model->appliedCount())
            .arg(parts.join(QStringLiteral(", "))));
}

} // namespace stackdeck::ui
