#include "savedsearchespanel.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "query/savedsearchcounts.h"
#include "store/issuequeries.h"
#include "store/sessionaccess.h"
#include "store/summaryqueries.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

SavedSearchesPanel::SavedSearchesPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new SavedSearchModel(this))
    , m_view(new QTreeView(this))
    , m_save(new QToolButton(this))
{
    m_writes.setMaxThreadCount(1);
    setObjectName(QStringLiteral("savedSearches"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* title = new QHBoxLayout;
    auto* label = new QLabel(tr("Saved searches"), this);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    title->setContentsMargins(6, 2, 2, 2);
    title->addWidget(label, 1);
    m_save->setText(QStringLiteral("+"));
    m_save->setToolTip(tr("Save the current search…"));
    m_save->setAutoRaise(true);
    title->addWidget(m_save);
    layout->addLayout(title);
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(SavedSearchModel::NameColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(SavedSearchModel::CountColumn, QHeaderView::ResizeToContents);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_view, 1);
    connect(m_save, &QToolButton::clicked, this, [this] { askName(); });
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& index) {
        Q_EMIT searchChosen(index.siblingAtColumn(0).data(SavedSearchModel::QueryRole).toString());
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) { showMenu(pos); });
}

void SavedSearchesPanel::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    m_model->setRows({});
    refresh();
}

void SavedSearchesPanel::setScope(const SqlFilter& scope)
{
    m_scope = scope;
    refresh();
}

void SavedSearchesPanel::refresh()
{
    const quint64 job = ++m_job;
    if (!m_session) {
        m_model->setRows({});
        Q_EMIT refreshed();
        return;
    }
    ++m_pending;
    auto future = QtConcurrent::run([session = m_session, scope = m_scope]() {
        return readWithSession(
            session, [&](sql::Database& db) { return query::countSavedSearches(db, scope, nowMicros()); });
    });
    whenFinished(this, future, [this, job](const Result<std::vector<SavedSearchRow>>& rows) {
        --m_pending;
        if (job != m_job)
            return;
        if (!rows) {
            Q_EMIT failed(qs(rows.error().message));
            return;
        }
        // Same searches: only the counts change (no reset, the view keeps its selection).
        bool same = rows->size() == m_model->rows().size();
        for (std::size_t i = 0; same && i < rows->size(); ++i)
            same = (*rows)[i].search == m_model->rows()[i].search;
        if (same)
            m_model->setCounts(*rows);
        else
            m_model->setRows(*rows);
        Q_EMIT refreshed();
    });
}

template <typename Fn> void SavedSearchesPanel::write(Fn fn)
{
    if (!m_session)
        return;
    ++m_pending;
    auto future = QtConcurrent::run(&m_writes, [session = m_session, fn = std::move(fn)]() {
        return writeWithSession(session, "saved search", [&](sql::Database& db) -> Status { return fn(db); });
    });
    whenFinished(this, future, [this](const Status& done) {
        --m_pending;
        if (!done)
            Q_EMIT failed(qs(done.error().message));
        refresh();
    });
}

void SavedSearchesPanel::saveSearch(const QString& name, const QString& query)
{
    if (name.trimmed().isEmpty())
        return;
    write([name = name.trimmed().toStdString(), query = query.toStdString()](sql::Database& db) -> Status {
        auto id = store::saveSearch(db, name, query);
        if (!id)
            return id.error();
        return Ok {};
    });
}

void SavedSearchesPanel::removeSearch(std::int64_t id)
{
    write([id](sql::Database& db) { return store::removeSavedSearch(db, id); });
}

void SavedSearchesPanel::renameSearch(std::int64_t id, const QString& name)
{
    if (name.trimmed().isEmpty())
        return;
    write([id, name = name.trimmed().toStdString()](
              sql::Database& db) { return store::renameSavedSearch(db, id, name); });
}

void SavedSearchesPanel::askName()
{
    auto* dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Save search"));
    dialog->setLabelText(tr("Name for “%1”:").arg(m_currentQuery.isEmpty() ? tr("all issues") : m_currentQuery));
    const QString query = m_currentQuery;
    connect(dialog, &QInputDialog::textValueSelected, this,
        [this, query](const QString& name) { saveSearch(name, query); });
    dialog->open();
}

void SavedSearchesPanel::showMenu(const QPoint& pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    QMenu menu(this);
    menu.addAction(tr("Save the current search…"), this, [this] { askName(); });
    if (index.isValid()) {
        const std::int64_t id = index.siblingAtColumn(0).data(SavedSearchModel::IdRole).toLongLong();
        const QString name = index.siblingAtColumn(0).data().toString();
        menu.addAction(tr("Rename…"), this, [this, id, name] {
            auto* dialog = new QInputDialog(this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setWindowTitle(tr("Rename saved search"));
            dialog->setLabelText(tr("Name:"));
            dialog->setTextValue(name);
            connect(dialog, &QInputDialog::textValueSelected, this,
                [this, id](const QString& newName) { renameSearch(id, newName); });
            dialog->open();
        });
        menu.addAction(tr("Remove"), this, [this, id] { removeSearch(id); });
    }
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace stackdeck::ui
