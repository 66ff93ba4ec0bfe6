#include "exportdialog.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "redactionpreview.h"
#include "redactionpreviewmodel.h"
#include "store/sessionaccess.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

ExportDialog::ExportDialog(std::shared_ptr<store::WorkspaceSession> session, QWidget* parent)
    : QDialog(parent)
    , m_session(std::move(session))
    , m_format(new QComboBox(this))
    , m_useSelection(new QRadioButton(this))
    , m_useSearch(new QRadioButton(this))
    , m_redact(new QCheckBox(tr("Remove secrets and personal data (preview below)"), this))
    , m_normalized(new QCheckBox(tr("Normalised events instead of the stored originals"), this))
    , m_output(new QLineEdit(this))
    , m_preview(new RedactionPreview(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
    , m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export report"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    const std::pair<QString, ExportFormat> formats[] = {{tr("Markdown (.md)"), ExportFormat::Markdown},
        {tr("HTML, self-contained (.html)"), ExportFormat::Html}, {tr("PDF (.pdf)"), ExportFormat::Pdf},
        {tr("CSV, one row per issue (.csv)"), ExportFormat::Csv}, {tr("JSON (.json)"), ExportFormat::Json},
        {tr("Case file, opens as a workspace (.stackdeck)"), ExportFormat::Case}};
    for (const auto& [text, f] : formats)
        m_format->addItem(text, static_cast<int>(f));
    form->addRow(tr("Format:"), m_format);
    auto* scope = new QVBoxLayout;
    scope->addWidget(m_useSelection);
    scope->addWidget(m_useSearch);
    auto* group = new QButtonGroup(this);
    group->addButton(m_useSelection);
    group->addButton(m_useSearch);
    form->addRow(tr("Issues:"), scope);
    form->addRow(QString(), m_redact);
    form->addRow(QString(), m_normalized);
    m_caseHint = new QLabel(tr("A redacted case file removes every finding from every event of these issues; it "
                               "holds only the redacted originals."),
        this);
    m_caseHint->setTextFormat(Qt::PlainText);
    m_caseHint->setWordWrap(true);
    m_caseHint->setObjectName(QStringLiteral("caseRedactionHint"));
    form->addRow(QString(), m_caseHint);
    auto* out = new QHBoxLayout;
    out->addWidget(m_output, 1);
    auto* browseButton = new QToolButton(this);
    browseButton->setText(tr("Browse…"));
    out->addWidget(browseButton);
    form->addRow(tr("Save to:"), out);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_progress);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    QPushButton* exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    layout->addWidget(m_buttons);
    m_progress->hide();
    m_useSelection->setChecked(true);
    m_poll->setInterval(100);

    const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    m_output->setText(QDir(docs.isEmpty() ? QDir::homePath() : docs).filePath(QStringLiteral("stackdeck-report.md")));

    connect(browseButton, &QToolButton::clicked, this, [this] { browse(); });
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // The file name follows the format.
        QFileInfo info(m_output->text());
        if (!m_output->text().isEmpty())
            m_output->setText(
                info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + exportFormatSuffix(format())));
        updateState();
    });
    connect(m_redact, &QCheckBox::toggled, this, [this] {
        if (m_redact->isChecked() && m_scanStale)
            rescan();
        updateState();
    });
    connect(m_useSelection, &QRadioButton::toggled, this, [this] {
        m_scanStale = true;
        if (m_redact->isChecked())
            rescan();
        updateState();
    });
    connect(m_output, &QLineEdit::textChanged, this, [this] { updateState(); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] { startExport(); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        if (m_exporting && m_cancel)
            m_cancel->store(true);
        else
            reject();
    });
    connect(m_preview, &RedactionPreview::scanned, this, [this] { updateState(); });
    connect(m_poll, &QTimer::timeout, this, [this] {
        const std::int64_t total = m_total ? m_total->load() : 0;
        if (total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(static_cast<int>(m_done->load() * 1000 / total));
        }
    });
    resize(760, 560);
    updateState();
}

ExportDialog::~ExportDialog()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ExportDialog::setSelection(const std::vector<IssueId>& ids)
{
    m_selection = ids;
    m_useSelection->setText(tr("The %n selected issue(s)", nullptr, static_cast<int>(ids.size())));
    m_useSelection->setEnabled(!ids.empty());
    if (ids.empty())
        m_useSearch->setChecked(true);
    m_scanStale = true;
    updateState();
}

void ExportDialog::setSearch(const QString& query, const SqlFilter& countFilter, qint64 total)
{
    m_query = query;
    m_searchFilter = countFilter;
    m_searchTotal = total;
    const QString count = QLocale().toString(total);
    // The query is the user's text, shown in a plain-text radio button label.
    m_useSearch->setText(query.trimmed().isEmpty() ? tr("All %1 issues in the list").arg(count)
                                                   : tr("All %1 issues matching “%2”").arg(count, query));
    m_scanStale = true;
    updateState();
}

void ExportDialog::setFormat(ExportFormat f)
{
    m_format->setCurrentIndex(m_format->findData(static_cast<int>(f)));
}

ExportFormat ExportDialog::format() const
{
    return static_cast<ExportFormat>(m_format->currentData().toInt());
}

void ExportDialog::setRedact(bool redact)
{
    m_redact->setChecked(redact);
}

void ExportDialog::setOutput(const QString& path)
{
    m_output->setText(path);
}

void ExportDialog::useSearch(bool search)
{
    (search ? m_useSearch : m_useSelection)->setChecked(true);
}

ReportScope ExportDialog::scope() const
{
    ReportScope s;
    if (m_useSearch->isChecked()) {
        s.matching = m_searchFilter;
        s.selectionText = m_query.trimmed().isEmpty() ? std::string("all issues") : "query: " + m_query.toStdString();
    } else {
        s.ids = m_selection;
        for (IssueId id : m_selection)
            s.selectionText += (s.selectionText.empty() ? "issues " : ", ") + std::to_string(id.value);
    }
    return s;
}

ExportRequest ExportDialog::request() const
{
    ExportRequest r;
    r.format = format();
    r.scope = scope();
    r.redact = m_redact->isChecked();
    r.normalized = m_normalized->isChecked();
    if (r.redact)
        r.keep = m_preview->model()->keptPaths();
    r.output = m_output->text();
    return r;
}

void ExportDialog::rescan()
{
    m_scanStale = false;
    m_preview->scan(m_session, scope());
}

void ExportDialog::startExport()
{
    if (m_exporting || !m_session || m_output->text().trimmed().isEmpty())
        return;
    m_exporting = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_done = std::make_shared<std::atomic<std::int64_t>>(0);
    m_total = std::make_shared<std::atomic<std::int64_t>>(0);
    m_progress->setRange(0, 0);
    m_progress->show();
    setPlainText(m_status, tr("Exporting…"));
    m_poll->start();
    updateState();
    auto future = QtConcurrent::run([session = m_session, request = request(), cancel = m_cancel, done = m_done,
                                        total = m_total]() -> Result<ExportResult> {
        if (request.format == ExportFormat::Case)
            return exportCase(session, request, *cancel);
        return readWithLease(session, [&](store::WorkspaceSession::Reader& reader) {
            return exportReports(reader, request, *cancel, [&](std::int64_t d, std::int64_t t) {
                total->store(t);
                done->store(d);
            });
        });
    });
    whenFinished(this, future, [this](const Result<ExportResult>& result) {
        m_poll->stop();
        m_exporting = false;
        m_progress->hide();
        if (!result) {
            setPlainText(m_status, tr("Not exported: %1").arg(qs(result.error().message)));
            updateState();
            Q_EMIT failed(qs(result.error().message));
            return;
        }
        QString text = tr("Wrote %n issue(s) to %1", nullptr, static_cast<int>(result->issues)).arg(result->output);
        if (result->pages > 0)
            text += tr(" (%n page(s))", nullptr, result->pages);
        if (!result->log.isEmpty())
            text += tr("; %n redaction(s), logged in %1", nullptr, static_cast<int>(result->redactions))
                        .arg(result->log);
        setPlainText(m_status, text);
        updateState();
        Q_EMIT exported(text);
    });
}

QString ExportDialog::statusText() const
{
    return m_status->text();
}

void ExportDialog::updateState()
{
    // A case file redacts every event, not one per issue: the preview's choices do not apply to it.
    const bool isCase = format() == ExportFormat::Case;
    m_preview->setVisible(m_redact->isChecked() && !isCase);
    m_caseHint->setVisible(m_redact->isChecked() && isCase);
    m_normalized->setVisible(format() == ExportFormat::Json);
    const bool hasScope = m_useSearch->isChecked() ? m_searchTotal > 0 : !m_selection.empty();
    m_useSearch->setEnabled(!m_searchFilter.isEmpty() || m_searchTotal > 0);
    const bool ready = hasScope && !m_output->text().trimmed().isEmpty() && !m_exporting
        && !(m_redact->isChecked() && !isCase && m_preview->isScanning());
    for (QAbstractButton* b : m_buttons->buttons()) {
        if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole)
            b->setEnabled(ready);
        else
            b->setText(m_exporting ? tr("Cancel") : tr("Close"));
    }
    for (QWidget* w : {static_cast<QWidget*>(m_format), static_cast<QWidget*>(m_redact),
             static_cast<QWidget*>(m_output), static_cast<QWidget*>(m_preview)})
        w->setEnabled(!m_exporting);
}

void ExportDialog::browse()
{
    const QString suffix = exportFormatSuffix(format());
    auto* dialog = new QFileDialog(this, tr("Save report"), m_output->text(), QStringLiteral("*.") + suffix);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(suffix);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) { m_output->setText(path); });
    dialog->open();
}

} // namespace stackdeck::ui
