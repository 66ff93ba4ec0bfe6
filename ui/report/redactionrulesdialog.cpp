#include "redactionrulesdialog.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "redactionrulesmodel.h"
#include "report/redactionruleinput.h"
#include "store/sessionaccess.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace stackdeck::ui {

RedactionRulesDialog::RedactionRulesDialog(std::shared_ptr<store::WorkspaceSession> session, QWidget* parent)
    : QDialog(parent)
    , m_session(std::move(session))
    , m_model(new RedactionRulesModel(this))
    , m_view(new QTableView(this))
    , m_kind(new QComboBox(this))
    , m_pattern(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("redactionRulesDialog"));
    setWindowTitle(tr("Redaction rules of this workspace"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Besides the built-in detectors, redacted exports remove what these rules find: a key "
                                "name removes the value of every key containing it, a regular expression every "
                                "match in any text value."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_view->setObjectName(QStringLiteral("redactionRules"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(RedactionRulesModel::KindColumn, 150);
    m_view->setColumnWidth(RedactionRulesModel::PatternColumn, 240);
    layout->addWidget(m_view, 1);

    auto* form = new QFormLayout;
    m_kind->setObjectName(QStringLiteral("ruleKind"));
    m_kind->addItem(RedactionRulesModel::kindText(store::RedactionRule::Kind::Key),
        static_cast<int>(store::RedactionRule::Kind::Key));
    m_kind->addItem(RedactionRulesModel::kindText(store::RedactionRule::Kind::Regex),
        static_cast<int>(store::RedactionRule::Kind::Regex));
    m_pattern->setObjectName(QStringLiteral("rulePattern"));
    m_pattern->setPlaceholderText(tr("e.g. customer_ref, or ORD-[0-9]{6}"));
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_name->setPlaceholderText(tr("optional; the pattern when empty"));
    auto* patternRow = new QHBoxLayout;
    patternRow->addWidget(m_kind);
    patternRow->addWidget(m_pattern, 1);
    form->addRow(tr("New rule:"), patternRow);
    auto* nameRow = new QHBoxLayout;
    nameRow->addWidget(m_name, 1);
    nameRow->addWidget(m_add);
    form->addRow(tr("Shown as:"), nameRow);
    layout->addLayout(form);

    m_message->setObjectName(QStringLiteral("ruleMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_remove, QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    m_add->setObjectName(QStringLiteral("addRule"));
    m_add->setAutoDefault(false);
    m_remove->setObjectName(QStringLiteral("removeRule"));
    m_remove->setAutoDefault(false);
    m_remove->setEnabled(false);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, [this] { addRule(); });
    connect(m_pattern, &QLineEdit::returnPressed, this, [this] { addRule(); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSelected(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { m_remove->setEnabled(!m_busy && m_loaded && m_view->selectionModel()->hasSelection()); });
    resize(620, 420);
    load();
}

QString RedactionRulesDialog::message() const
{
    return m_message->text();
}

void RedactionRulesDialog::showMessage(const QString& text, bool error)
{
    // A pattern is the user's text, and an error quotes it: plain text.
    setPlainText(m_message, text);
    QPalette p = palette();
    // One red that reads on light and dark bases alike.
    p.setColor(QPalette::WindowText, error ? QColor(0xe0, 0x40, 0x40) : palette().color(QPalette::PlaceholderText));
    m_message->setPalette(p);
}

void RedactionRulesDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_add->setEnabled(!busy && m_loaded);
    m_remove->setEnabled(!busy && m_loaded && m_view->selectionModel()->hasSelection());
}

void RedactionRulesDialog::load()
{
    const quint64 job = ++m_job;
    setBusy(true);
    auto future = QtConcurrent::run([session = m_session]() -> Result<std::vector<store::RedactionRule>> {
        return store::readWithSession(session, [](sql::Database& db) { return store::loadRedactionRules(db); });
    });
    whenFinished(this, future, [this, job](const Result<std::vector<store::RedactionRule>>& rules) {
        if (job != m_job)
            return;
        if (!rules) {
            // The stored rules are unreadable: no edit, so nothing overwrites them unseen.
            setBusy(false);
            showMessage(tr("The workspace's redaction rules cannot be read: %1").arg(qs(rules.error().message)), true);
            Q_EMIT failed(message());
            return;
        }
        m_loaded = true;
        setBusy(false);
        m_model->setRows(*rules);
        showMessage(tr("%n rule(s)", nullptr, static_cast<int>(rules->size())), false);
        Q_EMIT loaded();
    });
}

bool RedactionRulesDialog::addRule()
{
    if (m_busy || !m_loaded)
        return false;
    store::RedactionRule rule;
    rule.kind = static_cast<store::RedactionRule::Kind>(m_kind->currentData().toInt());
    rule.pattern = m_pattern->text().toStdString();
    rule.name = m_name->text().trimmed().toStdString();
    auto checked = report::checkRedactionRule(std::move(rule), m_model->rows());
    if (!checked) {
        showMessage(qs(checked.error().message), true);
        return false;
    }
    std::vector<store::RedactionRule> rules = m_model->rows();
    rules.push_back(std::move(checked.value()));
    save(std::move(rules));
    return true;
}

void RedactionRulesDialog::removeSelected()
{
    if (m_busy || !m_loaded)
        return;
    std::vector<int> picked;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows())
        picked.push_back(index.row());
    if (picked.empty())
        return;
    std::vector<store::RedactionRule> rules;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (std::find(picked.begin(), picked.end(), r) == picked.end())
            rules.push_back(m_model->rowAt(r));
    }
    save(std::move(rules));
}

void RedactionRulesDialog::save(std::vector<store::RedactionRule> rules)
{
    const quint64 job = ++m_job;
    setBusy(true);
    showMessage(tr("Saving…"), false);
    auto future = QtConcurrent::run([session = m_session, rules]() -> Status {
        return store::writeWithSession(
            session, "redaction rules", [&](sql::Database& db) { return store::saveRedactionRules(db, rules); });
    });
    whenFinished(this, future, [this, job, rules](const Status& saved) {
        if (job != m_job)
            return;
        setBusy(false);
        if (!saved) {
            showMessage(tr("The rules were not saved: %1").arg(qs(saved.error().message)), true);
            Q_EMIT failed(message());
            return;
        }
        m_model->setRows(rules);
        m_pattern->clear();
        m_name->clear();
        showMessage(tr("Saved: %n rule(s); the preview scans again", nullptr, static_cast<int>(rules.size())), false);
        Q_EMIT rulesChanged();
    });
}

} // namespace stackdeck::ui
