#include "accountspanel.h"

#include "common/futurewatch.h"
#include "syncrunner.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

AccountsPanel::AccountsPanel(SyncRunner* runner, QWidget* parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_model(new AccountModel(this))
    , m_view(new QTreeView(this))
    , m_emptyHint(new QLabel(this))
    , m_progressRow(new QWidget(this))
    , m_progressText(new QLabel(m_progressRow))
    , m_progress(new QProgressBar(m_progressRow))
    , m_cancel(new QToolButton(m_progressRow))
{
    setObjectName(QStringLiteral("accountsPanel"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto* title = new QLabel(tr("Accounts"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* add = new QToolButton(this);
    add->setText(QStringLiteral("+"));
    add->setToolTip(tr("Connect to a server…"));
    add->setAutoRaise(true);
    connect(add, &QToolButton::clicked, this, &AccountsPanel::connectRequested);
    auto* head = new QHBoxLayout;
    head->setContentsMargins(4, 4, 0, 0);
    head->addWidget(title, 1);
    head->addWidget(add);

    m_view->setModel(m_model);
    m_view->setRootIsDecorated(true);
    m_view->setIndentation(fontMetrics().height());
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(AccountModel::NameColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(AccountModel::StateColumn, QHeaderView::ResizeToContents);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &AccountsPanel::showMenu);
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& index) {
        if (const qint64 project = index.data(AccountModel::ProjectIdRole).toLongLong(); project > 0)
            Q_EMIT projectChosen(ProjectId(project));
    });

    m_progressText->setTextFormat(Qt::PlainText);
    // No account yet: a line saying how to add one, not an empty white box.
    m_emptyHint->setObjectName(QStringLiteral("accountsEmpty"));
    m_emptyHint->setTextFormat(Qt::PlainText);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    m_emptyHint->setContentsMargins(6, 0, 4, 2);
    m_emptyHint->setText(tr("No server account. + connects one."));
    m_emptyHint->hide();

    m_progressText->setObjectName(QStringLiteral("syncProgressText"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(fontMetrics().height() / 2 + 2);
    m_progress->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the sync"));
    m_cancel->setObjectName(QStringLiteral("cancelSync"));
    connect(m_cancel, &QToolButton::clicked, m_runner, &SyncRunner::cancel);
    auto* row = new QGridLayout(m_progressRow);
    row->setContentsMargins(4, 0, 0, 0);
    row->addWidget(m_progressText, 0, 0);
    row->addWidget(m_cancel, 0, 1, 2, 1);
    row->addWidget(m_progress, 1, 0);
    m_progressRow->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(head);
    layout->addWidget(m_view);
    layout->addWidget(m_emptyHint);
    layout->addWidget(m_progressRow);

    connect(m_runner, &SyncRunner::started, this, &AccountsPanel::syncStarted);
    connect(m_runner, &SyncRunner::progress, this, [this](const QString& text) { m_progressText->setText(text); });
    connect(m_runner, &SyncRunner::finished, this, &AccountsPanel::syncFinished);
}

void AccountsPanel::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    refresh();
}

void AccountsPanel::refresh()
{
    const quint64 job = ++m_job;
    ++m_pending;
    whenFinished(this, QtConcurrent::run([session = m_session] { return readAccountRows(session); }),
        [this, job](const Result<std::vector<AccountRow>>& rows) {
            --m_pending;
            if (job != m_job)
                return;
            const std::int64_t selected = selectedAccount();
            m_model->setRows(rows ? *rows : std::vector<AccountRow> {});
            m_view->expandAll();
            if (!rows && m_session)
                Q_EMIT message(QString::fromStdString(rows.error().message));
            if (const int row = m_model->rowOf(selected); row >= 0)
                m_view->setCurrentIndex(m_model->index(row, 0));
            else if (m_model->rowCount() > 0)
                m_view->setCurrentIndex(m_model->index(0, 0));
            int shown = m_model->rowCount();
            for (int i = 0; i < m_model->rowCount(); ++i)
                shown += m_model->rowCount(m_model->index(i, 0));
            m_view->setVisible(shown > 0);
            m_emptyHint->setVisible(shown == 0);
            const int lines = std::clamp(shown, 1, 8);
            m_view->setFixedHeight(
                lines * (m_view->sizeHintForRow(0) > 0 ? m_view->sizeHintForRow(0) : fontMetrics().height() + 6)
                + 2 * m_view->frameWidth());
            Q_EMIT refreshed();
        });
}

std::int64_t AccountsPanel::selectedAccount() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(AccountModel::AccountIdRole).toLongLong() : 0;
}

QString AccountsPanel::progressText() const
{
    return m_progressRow->isVisible() || m_runner->isBusy() ? m_progressText->text() : QString();
}

bool AccountsPanel::sync(std::int64_t account)
{
    if (account == 0)
        account = selectedAccount();
    const int row = m_model->rowOf(account);
    if (row < 0 || !m_session)
        return false;
    return m_runner->startSync(m_session, m_model->rowAt(row).account);
}

void AccountsPanel::syncStarted(const QString& what)
{
    m_progressText->setText(what);
    m_progressRow->show();
    m_cancel->setEnabled(true);
}

void AccountsPanel::syncFinished(const ServerJobOutcome& outcome)
{
    m_progressRow->hide();
    if (!outcome.push && outcome.account > 0 && !outcome.cancelled)
        m_model->setOffline(outcome.account, outcome.offline);
    Q_EMIT message(outcome.cancelled ? tr("Cancelled; what was pulled so far is kept.") : outcome.message);
    refresh();
}

void AccountsPanel::showMenu(const QPoint& pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    QMenu menu(this);
    if (index.isValid()) {
        const std::int64_t id = index.data(AccountModel::AccountIdRole).toLongLong();
        menu.addAction(tr("&Sync now"), this, [this, id] { sync(id); })->setEnabled(!m_runner->isBusy());
        menu.addAction(tr("&Outbox…"), this, &AccountsPanel::outboxRequested);
        menu.addSeparator();
        menu.addAction(tr("&Remove account…"), this, [this, id] { Q_EMIT removeRequested(id); });
        menu.addSeparator();
    }
    menu.addAction(tr("&Connect to a server…"), this, &AccountsPanel::connectRequested);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace stackdeck::ui
