#include "issuelistview.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "issuecolumnfit.h"
#include "itemmodels/issuelistmodel.h"
#include "query/issuequery.h"
#include "store/sessionaccess.h"
#include "store/summaryqueries.h"
#include "widgets/emptystate.h"
#include "widgets/searchfield.h"
#include "widgets/sparklinedelegate.h"

#include <QEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

IssueListView::IssueListView(QWidget* parent)
    : QWidget(parent)
    , m_model(new IssueListModel(this))
    , m_search(new SearchField(this))
    , m_table(new QTableView(this))
    , m_empty(new EmptyState(this))
    , m_stack(new QStackedWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_search);
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("issueTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(IssueListModel::LastSeenColumn, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->verticalHeader()->hide();
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setItemDelegateForColumn(IssueListModel::TitleColumn, new IssueTitleDelegate(m_table));
    m_table->setItemDelegateForColumn(IssueListModel::TrendColumn, new SparklineDelegate(m_table));
    m_table->setItemDelegateForColumn(IssueListModel::LevelColumn, new IconDelegate(m_table));
    m_table->setItemDelegateForColumn(IssueListModel::StatusColumn, new IconDelegate(m_table));
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 2 + 14);
    auto* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(IssueListModel::TitleColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(24);
    // Narrow by default; the header's context menu shows the others (persisted with the header state).
    m_userHidden.set(IssueListModel::FirstSeenColumn);
    m_userHidden.set(IssueListModel::AssigneeColumn);
    m_userHidden.set(IssueListModel::StatusColumn); // the sidebar filters by status
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint& pos) {
        QMenu menu(this);
        for (int c = 0; c < IssueListModel::NUM_COLUMNS; ++c) {
            if (c == IssueListModel::TitleColumn)
                continue;
            QString name = m_model->headerData(c, Qt::Horizontal).toString();
            if (name.isEmpty())
                name = m_model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString();
            QAction* a = menu.addAction(name);
            a->setCheckable(true);
            a->setChecked(!m_userHidden[static_cast<std::size_t>(c)]);
            connect(a, &QAction::toggled, this, [this, c](bool on) {
                m_userHidden.set(static_cast<std::size_t>(c), !on);
                fitColumns();
            });
        }
        menu.exec(header->mapToGlobal(pos));
    });
    m_table->viewport()->installEventFilter(this);
    fitColumns();
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);

    connect(m_search, &SearchField::queryChanged, this, [this] { applyQuery(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { Q_EMIT currentIssueChanged(m_model->issueAt(current.row())); });
    connect(m_table, &QTableView::activated, this,
        [this](const QModelIndex& idx) { Q_EMIT issueActivated(m_model->issueAt(idx.row())); });
    connect(m_model, &IssueListModel::reloaded, this, [this] {
        updateEmptyState();
        Q_EMIT countsChanged(m_model->rowCount(), m_model->totalCount());
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
        [this] { Q_EMIT countsChanged(m_model->rowCount(), m_model->totalCount()); });
    connect(m_model, &IssueListModel::totalCounted, this,
        [this] { Q_EMIT countsChanged(m_model->rowCount(), m_model->totalCount()); });
    connect(m_empty, &EmptyState::primaryClicked, this, [this] {
        if (m_workspaceEmpty)
            Q_EMIT importRequested();
        else
            m_search->setText(QString());
    });
    connect(m_empty, &EmptyState::secondaryClicked, this, [this] { Q_EMIT demoRequested(); });
}

bool IssueListView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

int IssueListView::titleMinimumWidth() const
{
    // The title is painted bold with 6 px each side (IssueTitleDelegate), elided with an ellipsis.
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    const int sample = fm.horizontalAdvance(QStringLiteral("TypeError: Cannot read properti"));
    return std::max(sample, 30 * fm.averageCharWidth()) + fm.horizontalAdvance(QStringLiteral("\u2026")) + 14;
}

void IssueListView::fitColumns()
{
    if (m_fitting)
        return;
    m_fitting = true;
    const QFontMetrics fm(m_table->font());
    const int digits = fm.horizontalAdvance(QStringLiteral("999k")) + 12;
    const int ago = fm.horizontalAdvance(QStringLiteral("23 hours ago")) + 14;
    // Compact: the header still reads and "12 days ago" still fits; the sort arrow may cover a letter.
    const int compactAgo = fm.horizontalAdvance(QStringLiteral("12 days ago")) + 10;
    const int compactEvents = std::max(digits - 6,
        fm.horizontalAdvance(m_model->headerData(IssueListModel::EventsColumn, Qt::Horizontal).toString()) + 10);
    IssueColumnSpec spec;
    spec.titleColumn = IssueListModel::TitleColumn;
    // Level, title, trend, events, users, first seen, last seen, status, assignee.
    spec.natural
        = {28, 0, 72, std::max(58, digits), std::max(50, digits), std::max(92, ago), std::max(92, ago), 28, 80};
    spec.compact = {24, 0, 48, compactEvents, digits - 8, compactAgo, compactAgo, 24, 56};
    spec.hideOrder = {IssueListModel::TrendColumn, IssueListModel::FirstSeenColumn, IssueListModel::AssigneeColumn,
        IssueListModel::UsersColumn, IssueListModel::StatusColumn, IssueListModel::LevelColumn, -1, -1, -1};
    const auto fit = fitIssueColumns(spec, m_userHidden, m_table->viewport()->width(), titleMinimumWidth());
    m_autoHidden = fit.autoHidden;
    for (int c = 0; c < IssueListModel::NUM_COLUMNS; ++c) {
        const auto i = static_cast<std::size_t>(c);
        if (c == IssueListModel::TitleColumn)
            continue;
        m_table->setColumnHidden(c, m_userHidden[i] || m_autoHidden[i]);
        if (!m_table->isColumnHidden(c))
            m_table->setColumnWidth(c, fit.widths[i]);
    }
    m_fitting = false;
}

QByteArray IssueListView::saveHeaderState() const
{
    auto* header = m_table->horizontalHeader();
    for (int c = 0; c < IssueListModel::NUM_COLUMNS; ++c)
        header->setSectionHidden(c, m_userHidden[static_cast<std::size_t>(c)]);
    const QByteArray state = header->saveState();
    for (int c = 0; c < IssueListModel::NUM_COLUMNS; ++c)
        header->setSectionHidden(
            c, m_userHidden[static_cast<std::size_t>(c)] || m_autoHidden[static_cast<std::size_t>(c)]);
    return state;
}

void IssueListView::restoreHeaderState(const QByteArray& state)
{
    auto* header = m_table->horizontalHeader();
    if (state.isEmpty() || !header->restoreState(state))
        return;
    for (int c = 0; c < IssueListModel::NUM_COLUMNS; ++c)
        m_userHidden.set(static_cast<std::size_t>(c), c != IssueListModel::TitleColumn && header->isSectionHidden(c));
    header->setSectionResizeMode(IssueListModel::TitleColumn, QHeaderView::Stretch);
    fitColumns();
}

void IssueListView::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    m_queryContext = query::QueryContext {};
    m_queryContext.workspaceKnown = false;
    loadQueryContext();
    m_model->setSession(m_session);
    applyQuery();
}

void IssueListView::setScopeFilter(const SqlFilter& scope)
{
    m_scope = scope;
    applyQuery();
}

void IssueListView::applyQuery()
{
    const QByteArray text = m_search->text().toUtf8();
    m_queryContext.now = nowMicros();
    const auto compiled = query::compileIssueQuery(
        std::string_view(text.constData(), static_cast<std::size_t>(text.size())), m_queryContext);
    m_queryRejected = compiled.error.has_value();
    m_compiledWithoutContext = !m_queryContext.workspaceKnown && !text.trimmed().isEmpty();
    if (compiled.error) {
        // Keep the last good results on screen; say what is wrong and where.
        m_search->showError(qs(compiled.error->message), compiled.error->position, compiled.error->length);
        return;
    }
    m_search->clearError();
    const IssueId keep = currentIssue();
    m_model->setFilter(
        store::andFilters({m_scope, compiled.filter}), store::andFilters({m_scope, compiled.countFilter}));
    if (keep.isValid())
        selectIssue(keep);
}

void IssueListView::loadQueryContext()
{
    const quint64 generation = ++m_contextGeneration;
    if (!m_session) {
        // Without a workspace every key is taken as a tag key.
        m_queryContext = query::QueryContext {};
        m_queryContext.workspaceKnown = false;
        m_contextLoading = false;
        return;
    }
    // On a worker: the tag keys are a scan of a table that grows with every import.
    // Until they land the search compiles with every key taken as a tag key, and
    // is compiled again when they do.
    m_contextLoading = true;
    auto future = QtConcurrent::run([session = m_session, now = nowMicros()] {
        return store::readWithSession(session, [now](sql::Database& db) { return query::loadQueryContext(db, now); });
    });
    whenFinished(this, future, [this, generation](const Result<query::QueryContext>& context) {
        if (generation != m_contextGeneration)
            return; // a newer workspace or refresh
        m_contextLoading = false;
        if (context) {
            m_queryContext = context.value();
        } else {
            m_queryContext = query::QueryContext {};
            m_queryContext.workspaceKnown = false;
            qWarning("stackdeck: the search takes every key as a tag key: %s", context.error().message.c_str());
        }
        // Imports bring new tag keys and projects: a search rejected for naming one may be valid now.
        if (m_queryRejected || m_compiledWithoutContext)
            applyQuery();
        Q_EMIT queryContextLoaded();
    });
}

void IssueListView::refresh()
{
    // Imports bring new tag keys and projects: the search is compiled again when they land.
    loadQueryContext();
    if (m_queryRejected)
        return;
    const IssueId keep = currentIssue();
    const int scroll = m_table->verticalScrollBar()->value();
    m_model->reload();
    if (keep.isValid()) {
        const int row = m_model->rowOfIssue(keep);
        if (row >= 0) {
            const QSignalBlocker block(m_table->selectionModel());
            m_table->selectRow(row);
            m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::NoUpdate);
        }
    }
    m_table->verticalScrollBar()->setValue(scroll);
}

void IssueListView::selectIssue(IssueId id)
{
    int row = m_model->rowOfIssue(id);
    while (row < 0 && m_model->canFetchMore({}) && m_model->rowCount() < 5000) {
        m_model->fetchMoreNow();
        row = m_model->rowOfIssue(id);
    }
    if (row >= 0)
        selectRow(row);
}

void IssueListView::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
}

void IssueListView::moveSelection(int delta)
{
    const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    int target = std::clamp(current + delta, 0, std::max(0, m_model->rowCount() - 1));
    if (target >= m_model->rowCount() - 1 && m_model->canFetchMore({}))
        m_model->fetchMore({});
    selectRow(target);
}

IssueId IssueListView::currentIssue() const
{
    const QModelIndex idx = m_table->currentIndex();
    return idx.isValid() ? m_model->issueAt(idx.row()) : IssueId();
}

void IssueListView::focusSearch()
{
    m_search->lineEdit()->setFocus(Qt::ShortcutFocusReason);
    m_search->lineEdit()->selectAll();
}

void IssueListView::addSearchTerm(const QString& key, const QString& value)
{
    m_search->addTerm(key, value);
}

void IssueListView::setWorkspaceEmpty(bool empty)
{
    m_workspaceEmpty = empty;
    updateEmptyState();
}

bool IssueListView::showsEmptyState() const
{
    return m_stack->currentWidget() == m_empty;
}

void IssueListView::updateEmptyState()
{
    if (m_workspaceEmpty) {
        m_empty->setMessage(tr("No workspace yet — import files or open the demo"),
            QStringLiteral("Drop Sentry event files (.json, .ndjson, .envelope) here, use File ▸ Import, or look "
                           "around in the demo workspace with real Python and Node SDK events."));
        m_empty->setActions(tr("Import files…"), tr("Open the demo"));
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    if (m_model->rowCount() == 0) {
        const QString q = m_search->text().trimmed();
        m_empty->setMessage(q.isEmpty() ? tr("No issues here") : tr("No issues match `%1`").arg(q),
            q.isEmpty() ? QStringLiteral(
                "Nothing in this part of the workspace: pick another project, status or environment in the sidebar.")
                        : tr("Try fewer terms, or another status in the sidebar."));
        m_empty->setActions(q.isEmpty() ? QString() : tr("Clear search"));
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    m_stack->setCurrentWidget(m_table);
}

} // namespace stackdeck::ui
