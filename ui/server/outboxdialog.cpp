#include "outboxdialog.h"

#include "common/futurewatch.h"
#include "conflictdialog.h"
#include "syncrunner.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

OutboxDialog::OutboxDialog(std::shared_ptr<store::WorkspaceSession> session, SyncRunner* runner, QWidget* parent)
    : QDialog(parent)
    , m_session(std::move(session))
    , m_runner(runner)
    , m_model(new OutboxModel(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("outboxDialog"));
    setWindowTitle(tr("Outbox"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_drop = buttons->addButton(tr("&Drop"), QDialogButtonBox::ActionRole);
    m_resolve = buttons->addButton(tr("&Resolve conflict…"), QDialogButtonBox::ActionRole);
    m_push = buttons->addButton(tr("&Push"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_drop, &QPushButton::clicked, this, &OutboxDialog::dropSelected);
    connect(m_resolve, &QPushButton::clicked, this, &OutboxDialog::resolveSelected);
    connect(m_push, &QPushButton::clicked, this, &OutboxDialog::push);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OutboxDialog::updateButtons);
    connect(m_view, &QTableView::doubleClicked, this, &OutboxDialog::resolveSelected);
    connect(m_runner, &SyncRunner::finished, this, &OutboxDialog::pushFinished);
    connect(m_runner, &SyncRunner::progress, this, [this](const QString& text) { m_status->setText(text); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(760, 420);
    updateButtons();
    reload();
}

QString OutboxDialog::statusText() const
{
    return m_status->text();
}

void OutboxDialog::reload()
{
    const quint64 job = ++m_job;
    ++m_pending;
    whenFinished(this, QtConcurrent::run([session = m_session] { return readOpenOutbox(session); }),
        [this, job](const Result<std::vector<store::OutboxEntry>>& rows) {
            --m_pending;
            if (job != m_job)
                return;
            if (!rows) {
                m_status->setText(QString::fromStdString(rows.error().message));
            } else {
                m_model->setRows(*rows);
                m_view->resizeColumnsToContents();
                const auto conflicts
                    = std::count_if(rows->begin(), rows->end(), [](const auto& e) { return e.state == "conflict"; });
                if (!m_runner->isBusy() && !m_keepStatus)
                    m_status->setText(rows->empty() ? tr("Nothing waits to be pushed.")
                                                    : tr("%n change(s) waiting, ", nullptr, int(rows->size()))
                                + tr("%n conflict(s)", nullptr, int(conflicts)));
            }
            updateButtons();
            Q_EMIT reloaded();
        });
}

void OutboxDialog::updateButtons()
{
    const auto rows = m_view->selectionModel()->selectedRows();
    const bool busy = m_runner->isBusy();
    m_drop->setEnabled(!rows.isEmpty() && !busy);
    m_resolve->setEnabled(rows.size() == 1 && rows.constFirst().data(OutboxModel::ConflictRole).toBool() && !busy);
    m_push->setEnabled(m_model->rowCount() > 0 && !busy);
}

void OutboxDialog::dropSelected()
{
    std::vector<std::int64_t> ids;
    for (const QModelIndex& i : m_view->selectionModel()->selectedRows())
        ids.push_back(i.data(OutboxModel::EntryIdRole).toLongLong());
    if (ids.empty())
        return;
    m_keepStatus = false;
    ++m_pending;
    whenFinished(this, QtConcurrent::run([session = m_session, ids] {
        for (const auto id : ids) {
            if (auto r = dropOutbox(session, id); !r)
                return Status(r.error());
        }
        return Status(Ok {});
    }),
        [this](const Status& status) {
            --m_pending;
            if (!status)
                m_status->setText(QString::fromStdString(status.error().message));
            Q_EMIT changed();
            reload();
        });
}

void OutboxDialog::resolveSelected()
{
    const auto rows = m_view->selectionModel()->selectedRows();
    if (rows.size() != 1 || !rows.constFirst().data(OutboxModel::ConflictRole).toBool())
        return;
    const auto& entry = m_model->rowAt(rows.constFirst().row());
    auto* dialog = new ConflictDialog(entry, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { resolve(dialog->entryId(), dialog->choice()); });
    if (m_interactive)
        dialog->open();
}

void OutboxDialog::resolve(std::int64_t id, store::ConflictChoice choice)
{
    m_keepStatus = false;
    ++m_pending;
    whenFinished(this,
        QtConcurrent::run([session = m_session, id, choice] { return resolveConflict(session, id, choice); }),
        [this](const Result<bool>& r) {
            --m_pending;
            if (!r)
                m_status->setText(QString::fromStdString(r.error().message));
            Q_EMIT changed();
            reload();
        });
}

void OutboxDialog::push()
{
    std::vector<std::int64_t> ids;
    for (const auto& e : m_model->rows()) {
        if (std::find(ids.begin(), ids.end(), e.account) == ids.end())
            ids.push_back(e.account);
    }
    ++m_pending;
    whenFinished(this, QtConcurrent::run([session = m_session, ids] {
        std::vector<store::ServerAccount> accounts;
        auto rows = readAccountRows(session);
        if (rows) {
            for (const auto& r : *rows) {
                if (std::find(ids.begin(), ids.end(), r.account.id) != ids.end())
                    accounts.push_back(r.account);
            }
        }
        return accounts;
    }),
        [this](const std::vector<store::ServerAccount>& accounts) {
            --m_pending;
            if (accounts.empty() || !m_runner->startPush(m_session, accounts)) {
                m_status->setText(accounts.empty() ? tr("Nothing to push.") : tr("A sync or push is running."));
                return;
            }
            updateButtons();
        });
}

void OutboxDialog::pushFinished(const ServerJobOutcome& outcome)
{
    if (!outcome.push)
        return;
    m_keepStatus = true;
    m_status->setText(outcome.conflicts > 0
            ? outcome.message + QLatin1Char('\n') + tr("Double-click a conflict to resolve it.")
            : outcome.message);
    Q_EMIT changed();
    reload();
}

} // namespace stackdeck::ui
