#include "rulesdialog.h"

#include "common/messagebox.h"
#include "common/plaintext.h"
#include "query/facets.h"
#include "ruleeditor.h"
#include "store/writerlock.h"
#include "whatifdialog.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace stackdeck::ui {

namespace {
QString stackHelp()
{
    return QCoreApplication::translate("RulesDialog",
        "One rule per line: matchers, then actions. They run after the built-in rules; # starts a comment.\n"
        "Matchers: path: package: module: function: family: app: type: value: mechanism: category: "
        "(! negates, quote patterns with spaces, * and ** are globs).\n"
        "Actions: +app -app +group -group, prefixed ^ for the frames after or v for those before; "
        "max-frames=N min-frames=N category=NAME.\n"
        "Example: stack.module:myapp.vendor.* -app -group");
}

QString fingerprintHelp()
{
    return QCoreApplication::translate("RulesDialog",
        "One rule per line: matchers -> fingerprint [title=\"…\"]. Tried before the built-in rules; # starts a "
        "comment.\n"
        "Matchers: type: value: message: module: path: package: function: logger: level: family: app: sdk: release: "
        "tags.NAME: (also error.type, stack.function…; ! negates).\n"
        "Fingerprint: strings and variables such as {{ default }} {{ type }} {{ function }} {{ tags.NAME }}.\n"
        "Example: error.type:DatabaseUnavailable -> database-down title=\"Database down\"");
}

QWidget* editorColumn(const QString& title, const QString& help, RuleEditor* editor, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    auto* heading = new QLabel(title, box);
    QFont f = heading->font();
    f.setBold(true);
    heading->setFont(f);
    auto* helpLabel = new QLabel(box);
    setPlainText(helpLabel, help);
    helpLabel->setWordWrap(true);
    helpLabel->setForegroundRole(QPalette::PlaceholderText);
    helpLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(heading);
    v->addWidget(helpLabel);
    v->addWidget(editor, 1);
    return box;
}

QString fieldName(regroup::RuleError::Field field)
{
    return field == regroup::RuleError::Field::Enhancements
        ? QCoreApplication::translate("RulesDialog", "Stack-trace rules")
        : QCoreApplication::translate("RulesDialog", "Fingerprint rules");
}
} // namespace

RulesDialog::RulesDialog(std::shared_ptr<store::WorkspaceSession> session, QWidget* parent)
    : QDialog(parent)
    , m_session(std::move(session))
    , m_project(new QComboBox(this))
    , m_enhancements(new RuleEditor(this))
    , m_fingerprints(new RuleEditor(this))
    , m_errorList(new QListWidget(this))
    , m_status(new QLabel(this))
    , m_preview(new QPushButton(tr("Preview…"), this))
    , m_save(new QPushButton(tr("Save"), this))
{
    setObjectName(QStringLiteral("rulesDialog"));
    setWindowTitle(tr("Grouping rules"));
    resize(1120, 680);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    auto* projectLabel = new QLabel(tr("&Project:"), this);
    projectLabel->setBuddy(m_project);
    m_project->setMinimumContentsLength(24);
    m_project->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_project->setObjectName(QStringLiteral("rulesProject"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setObjectName(QStringLiteral("rulesStatus"));
    top->addWidget(projectLabel);
    top->addWidget(m_project);
    top->addSpacing(12);
    top->addWidget(m_status, 1);
    layout->addLayout(top);

    m_enhancements->setObjectName(QStringLiteral("stackTraceRules"));
    m_fingerprints->setObjectName(QStringLiteral("fingerprintRules"));
    m_enhancements->setPlaceholderText(tr("No custom stack-trace rules"));
    m_fingerprints->setPlaceholderText(tr("No custom fingerprint rules"));
    auto* editors = new QSplitter(Qt::Horizontal, this);
    editors->addWidget(editorColumn(tr("Stack-trace rules"), stackHelp(), m_enhancements, this));
    editors->addWidget(editorColumn(tr("Fingerprint rules"), fingerprintHelp(), m_fingerprints, this));
    editors->setChildrenCollapsible(false);
    layout->addWidget(editors, 1);

    m_errorList->setObjectName(QStringLiteral("ruleErrors"));
    m_errorList->setMaximumHeight(m_errorList->fontMetrics().height() * 4 + 16);
    m_errorList->setToolTip(tr("Click a problem to go to it"));
    layout->addWidget(m_errorList);

    auto* buttons = new QDialogButtonBox(this);
    m_preview->setToolTip(tr("Show how today's issues would change under these rules"));
    m_save->setToolTip(tr("Use these rules for future imports of the project"));
    buttons->addButton(m_preview, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::ApplyRole);
    buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &RulesDialog::validateNow);
    for (RuleEditor* e : {m_enhancements, m_fingerprints})
        connect(e, &QPlainTextEdit::textChanged, this, [this] {
            m_debounce.start();
            updateState();
        });
    connect(m_errorList, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const int i = item->data(Qt::UserRole).toInt();
        if (i < 0 || i >= static_cast<int>(m_errors.size()))
            return;
        const auto& e = m_errors[static_cast<std::size_t>(i)];
        (e.field == regroup::RuleError::Field::Enhancements ? m_enhancements : m_fingerprints)
            ->jumpTo(e.line, e.column);
    });
    connect(m_project, &QComboBox::currentIndexChanged, this, [this](int i) {
        const QString name = i >= 0 ? m_project->itemText(i) : QString();
        if (name == m_current)
            return;
        if (m_interactive && isModified()
            && askPlain(this, tr("Discard changes?"),
                   tr("The rules of %1 have unsaved changes. Discard them?").arg(m_current))
                != QMessageBox::Yes) {
            const QSignalBlocker block(m_project);
            m_project->setCurrentText(m_current);
            return;
        }
        setProject(name);
    });
    connect(m_preview, &QPushButton::clicked, this, [this] { preview(); });
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    loadProjects();
}

void RulesDialog::loadProjects()
{
    const QSignalBlocker block(m_project);
    m_project->clear();
    if (m_session) {
        auto reader = m_session->reader();
        auto projects
            = reader ? query::projectFacet(reader->db()) : Result<std::vector<query::ProjectFacet>>(reader.error());
        if (projects) {
            for (const auto& p : projects.value())
                m_project->addItem(qs(p.name));
        } else {
            setPlainText(m_status, tr("Cannot read the projects: %1").arg(qs(projects.error().message)));
        }
    }
    if (m_project->count() > 0)
        setProject(m_project->itemText(0));
    else
        updateState();
}

void RulesDialog::setProject(const QString& project)
{
    {
        const QSignalBlocker block(m_project);
        m_project->setCurrentText(project);
    }
    m_current = project;
    m_stored = {};
    m_stored.project = project.toStdString();
    if (m_session && !project.isEmpty()) {
        auto reader = m_session->reader();
        auto rules = reader ? regroup::loadProjectRules(reader->db(), project.toStdString())
                            : Result<regroup::ProjectRules>(reader.error());
        if (rules)
            m_stored = std::move(rules).value();
        else
            setPlainText(m_status, tr("Cannot read the rules: %1").arg(qs(rules.error().message)));
    }
    setTexts(qs(m_stored.enhancements), qs(m_stored.fingerprintRules));
}

QString RulesDialog::project() const
{
    return m_current;
}

void RulesDialog::setTexts(const QString& enhancements, const QString& fingerprintRules)
{
    m_enhancements->setPlainText(enhancements);
    m_fingerprints->setPlainText(fingerprintRules);
    validateNow();
}

regroup::ProjectRules RulesDialog::rules() const
{
    regroup::ProjectRules r;
    r.project = m_current.toStdString();
    r.enhancements = m_enhancements->toPlainText().toStdString();
    r.fingerprintRules = m_fingerprints->toPlainText().toStdString();
    return r;
}

bool RulesDialog::isModified() const
{
    const auto r = rules();
    return r.enhancements != m_stored.enhancements || r.fingerprintRules != m_stored.fingerprintRules;
}

void RulesDialog::validateNow()
{
    m_debounce.stop();
    m_errors = regroup::validateRules(rules());
    std::vector<RuleEditor::Mark> stack, fingerprint;
    m_errorList->clear();
    for (std::size_t i = 0; i < m_errors.size(); ++i) {
        const auto& e = m_errors[i];
        (e.field == regroup::RuleError::Field::Enhancements ? stack : fingerprint)
            .push_back({e.line, e.column, qs(e.message)});
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 %2:%3: %4").arg(fieldName(e.field)).arg(e.line).arg(e.column).arg(qs(e.message)),
            m_errorList);
        item->setData(Qt::UserRole, static_cast<int>(i));
        item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxCritical));
    }
    m_enhancements->setMarks(std::move(stack));
    m_fingerprints->setMarks(std::move(fingerprint));
    m_errorList->setVisible(!m_errors.empty());
    updateState();
}

QStringList RulesDialog::errorMessages() const
{
    QStringList out;
    for (int i = 0; i < m_errorList->count(); ++i)
        out << m_errorList->item(i)->text();
    return out;
}

void RulesDialog::updateState()
{
    const bool valid = m_errors.empty() && !m_debounce.isActive();
    const bool project = !m_current.isEmpty();
    m_preview->setEnabled(valid && project && m_session);
    m_save->setEnabled(valid && project && m_session && m_session->mode() == store::WorkspaceSession::Mode::ReadWrite);
    QString text;
    if (!project)
        text = tr("The workspace has no projects yet: import events first.");
    else if (!m_errors.empty())
        text = m_errors.size() == 1 ? tr("1 problem: fix it to preview or save")
                                    : tr("%1 problems: fix them to preview or save").arg(m_errors.size());
    else if (m_debounce.isActive())
        text = tr("Checking…");
    else
        text
            = isModified() ? tr("No problems · unsaved changes") : tr("No problems · saved rules of %1").arg(m_current);
    setPlainText(m_status, text);
}

bool RulesDialog::save()
{
    validateNow();
    if (!m_errors.empty() || !m_session || m_current.isEmpty())
        return false;
    const auto r = rules();
    // A short write: shared with imports, refused (not waited for) while a reindex or regroup runs.
    auto lock = m_session->lock(store::WriterLock::Kind::Shared, "rule change");
    if (!lock) {
        setPlainText(m_status, tr("Not saved: %1").arg(qs(lock.error().message)));
        return false;
    }
    auto writer = m_session->writer();
    if (!writer) {
        setPlainText(m_status, tr("Not saved: %1").arg(qs(writer.error().message)));
        return false;
    }
    if (auto saved = regroup::saveProjectRules(writer->db(), r); !saved) {
        setPlainText(m_status, tr("Not saved: %1").arg(qs(saved.error().message)));
        return false;
    }
    m_stored = r;
    updateState();
    Q_EMIT saved(m_current);
    if (m_interactive
        && askPlain(this, tr("Rules saved"),
               tr("Future imports of %1 use these rules. Events already stored keep their issues until "
                  "they are regrouped.\n\nPreview regrouping the existing events now?")
                   .arg(m_current))
            == QMessageBox::Yes)
        preview();
    return true;
}

RulesDialog::~RulesDialog() = default;

WhatIfDialog* RulesDialog::preview()
{
    validateNow();
    if (!m_errors.empty() || m_current.isEmpty() || !m_session)
        return nullptr;
    if (m_whatIf)
        m_whatIf->deleteLater();
    regroup::RegroupOptions options;
    options.project = m_current.toStdString();
    options.rules = {rules()};
    m_whatIf = new WhatIfDialog(m_session, std::move(options), this);
    m_whatIf->setAttribute(Qt::WA_DeleteOnClose);
    m_whatIf->setInteractive(m_interactive);
    connect(m_whatIf, &WhatIfDialog::applied, this, [this] {
        m_stored = rules(); // applying saves the candidate rules
        updateState();
        Q_EMIT regrouped();
    });
    if (m_interactive)
        m_whatIf->show();
    m_whatIf->start();
    return m_whatIf;
}

} // namespace stackdeck::ui
