#include "triagecontroller.h"

#include "common/plaintext.h"
#include "store/localuser.h"

#include <QAbstractItemView>
#include <QAction>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLocale>
#include <QMenu>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QWidget>

#include <algorithm>
#include <set>

namespace stackdeck::ui {

namespace {

constexpr std::int64_t kMinute = 60LL * 1000 * 1000;

struct IgnoreChoice {
    const char* text;
    triage::IgnoreConditions conditions; // untilMicros: a duration here, made absolute when chosen
};

const IgnoreChoice kIgnoreChoices[] = {
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "Forever"), {}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "For 30 minutes"), {30 * kMinute, 0, 0}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "For 2 hours"), {120 * kMinute, 0, 0}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "For 24 hours"), {24 * 60 * kMinute, 0, 0}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "For 1 week"), {7 * 24 * 60 * kMinute, 0, 0}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "Until 10 more events"), {0, 10, 0}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "Until 100 more events"), {0, 100, 0}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "Until 1,000 more events"), {0, 1000, 0}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "Until 10 more users"), {0, 0, 10}},
    {QT_TRANSLATE_NOOP("stackdeck::ui::TriageController", "Until 100 more users"), {0, 0, 100}},
};

} // namespace

TriageController::TriageController(QWidget* window)
    : QObject(window)
    , m_window(window)
    , m_runner(new TriageRunner(this))
{
    make(Resolve, tr("&Resolve"), QKeySequence(Qt::Key_E), [this] { resolve(); });
    make(ResolveInNextRelease, tr("Resolve in &next release"), {}, [this] { resolveInNextRelease(); });
    make(ResolveInRelease, tr("Resolve in re&lease…"), {}, [this] { askRelease(); });
    make(Ignore, tr("&Ignore"), QKeySequence(Qt::Key_I), [this] {
        // The key opens the conditions at the current row; the first one is "Forever".
        QPoint at = m_window->mapToGlobal(m_window->rect().center());
        if (m_view && m_view->currentIndex().isValid()) {
            const QRect r = m_view->visualRect(m_view->currentIndex());
            at = m_view->viewport()->mapToGlobal(r.bottomLeft());
        }
        m_ignoreMenu->popup(at);
        if (!m_ignoreMenu->actions().isEmpty())
            m_ignoreMenu->setActiveAction(m_ignoreMenu->actions().constFirst());
    });
    make(Unresolve, tr("&Unresolve"), QKeySequence(Qt::Key_U), [this] { unresolve(); });
    make(Assign, tr("&Assign…"), QKeySequence(Qt::Key_A), [this] { askAssignee(); });
    make(Unassign, tr("Unassi&gn"), {}, [this] { assign(QString()); });
    make(Bookmark, tr("&Bookmark"), QKeySequence(Qt::Key_B), [this] { toggleBookmark(); });
    make(ToggleSelection, tr("Toggle in selection"), QKeySequence(Qt::Key_X), [this] { toggleCurrentInSelection(); });
    make(ExtendDown, tr("Extend selection down"), QKeySequence(Qt::SHIFT | Qt::Key_J), [this] { extendSelection(1); });
    make(ExtendUp, tr("Extend selection up"), QKeySequence(Qt::SHIFT | Qt::Key_K), [this] { extendSelection(-1); });
    make(SelectAllMatching, tr("Select all matching"), {}, [this] { selectAllMatching(); });
    make(Undo, tr("&Undo triage"), QKeySequence::Undo, [this] { undo(); });
    make(Merge, tr("&Merge issues"), {}, [this] { mergeSelected(); });
    make(Unmerge, tr("U&nmerge issue"), {}, [this] { unmergeCurrent(); });
    buildMenus();

    connect(m_runner, &TriageRunner::busyChanged, this, [this] { updateActions(); });
    connect(m_runner, &TriageRunner::undoChanged, this, [this] { updateActions(); });
    connect(m_runner, &TriageRunner::failed, this, &TriageController::actionFailed);
    connect(m_runner, &TriageRunner::finished, this, [this](const QString& summary) {
        keepSelectionThrough(m_refresh);
        Q_EMIT actionFinished(summary);
    });
    connect(m_runner, &TriageRunner::reevaluated, this, [this](qint64 reopened) {
        if (reopened == 0)
            return;
        keepSelectionThrough(m_refresh);
        Q_EMIT actionFinished(
            tr("%n issue(s) came back: their ignore time passed or new events arrived", nullptr, int(reopened)));
    });
    updateActions();
}

QAction* TriageController::make(ActionId id, const QString& text, const QKeySequence& key, std::function<void()> slot)
{
    auto* a = new QAction(text, this);
    a->setObjectName(QStringLiteral("triageAction%1").arg(static_cast<int>(id)));
    if (!key.isEmpty()) {
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        m_window->addAction(a);
    }
    connect(a, &QAction::triggered, this, [slot = std::move(slot)] { slot(); });
    m_actions[static_cast<std::size_t>(id)] = a;
    return a;
}

void TriageController::buildMenus()
{
    m_menu = new QMenu(tr("&Triage"), m_window);
    m_menu->setObjectName(QStringLiteral("triageMenu"));
    m_ignoreMenu = new QMenu(tr("&Ignore"), m_menu);
    m_ignoreMenu->setObjectName(QStringLiteral("ignoreMenu"));
    for (const auto& choice : kIgnoreChoices) {
        QAction* a = m_ignoreMenu->addAction(tr(choice.text));
        const triage::IgnoreConditions c = choice.conditions;
        connect(a, &QAction::triggered, this, [this, c] {
            triage::IgnoreConditions absolute = c;
            if (absolute.untilMicros != 0)
                absolute.untilMicros += store::nowMicros();
            ignore(absolute);
        });
    }
    m_priorityMenu = new QMenu(tr("&Priority"), m_menu);
    const std::pair<QString, triage::Priority> priorities[]
        = {{tr("High"), triage::Priority::High}, {tr("Medium"), triage::Priority::Medium},
            {tr("Low"), triage::Priority::Low}, {tr("None"), triage::Priority::None}};
    for (const auto& [text, p] : priorities) {
        const triage::Priority priority = p;
        connect(
            m_priorityMenu->addAction(text), &QAction::triggered, this, [this, priority] { setPriority(priority); });
    }
    m_menu->addAction(action(Resolve));
    m_menu->addAction(action(ResolveInNextRelease));
    m_menu->addAction(action(ResolveInRelease));
    QAction* ignoreEntry = m_menu->addMenu(m_ignoreMenu);
    ignoreEntry->setShortcut(action(Ignore)->shortcut()); // shown beside the submenu; the key itself is Ignore's
    ignoreEntry->setShortcutContext(Qt::WidgetShortcut);
    m_menu->addAction(action(Unresolve));
    m_menu->addSeparator();
    m_menu->addAction(action(Assign));
    m_menu->addAction(action(Unassign));
    m_menu->addAction(action(Bookmark));
    m_menu->addMenu(m_priorityMenu);
    m_menu->addSeparator();
    m_menu->addAction(action(Merge));
    m_menu->addAction(action(Unmerge));
    m_menu->addSeparator();
    m_menu->addAction(action(SelectAllMatching));
    m_menu->addAction(action(Undo));
}

void TriageController::attach(QAbstractItemView* view, int idRole)
{
    m_view = view;
    m_idRole = idRole;
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (!m_view)
            return;
        // A right click outside the selection picks that row first, as file managers do.
        const QModelIndex at = m_view->indexAt(pos);
        if (at.isValid() && !m_view->selectionModel()->isRowSelected(at.row(), at.parent())) {
            m_view->selectionModel()->setCurrentIndex(
                at, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
        m_menu->popup(m_view->viewport()->mapToGlobal(pos));
    });
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { onViewSelectionChanged(); });
    QAbstractItemModel* model = view->model();
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_selecting)
            m_allMatching = false;
        updateActions();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first, int last) {
        // Rows paged in while everything matching is selected show as selected too.
        if (!m_allMatching || !m_view)
            return;
        const QScopedValueRollback guard(m_selecting, true);
        QAbstractItemModel* m = m_view->model();
        m_view->selectionModel()->select(
            QItemSelection(m->index(first, 0), m->index(last, m->columnCount() - 1)), QItemSelectionModel::Select);
    });
    updateActions();
}

void TriageController::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_runner->setSession(std::move(session));
    m_allMatching = false;
    updateActions();
}

void TriageController::setMatching(const SqlFilter& countFilter, qint64 total)
{
    const bool changed = countFilter.where != m_matching.where || countFilter.params != m_matching.params;
    m_matching = countFilter;
    m_matchingTotal = total;
    if (changed)
        m_allMatching = false;
    updateActions();
}

IssueId TriageController::idAt(int row) const
{
    if (!m_view || !m_view->model())
        return {};
    return IssueId(m_view->model()->index(row, 0).data(m_idRole).toLongLong());
}

std::vector<IssueId> TriageController::selectedIssues() const
{
    std::vector<IssueId> ids;
    if (!m_view)
        return ids;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& r : rows) {
        if (const IssueId id = idAt(r.row()); id.isValid())
            ids.push_back(id);
    }
    // Nothing selected but a current row: act on that one.
    if (ids.empty() && m_view->currentIndex().isValid()) {
        if (const IssueId id = idAt(m_view->currentIndex().row()); id.isValid())
            ids.push_back(id);
    }
    return ids;
}

qint64 TriageController::selectionCount() const
{
    return m_allMatching ? m_matchingTotal : static_cast<qint64>(selectedIssues().size());
}

TriageTarget TriageController::target() const
{
    TriageTarget t;
    if (m_allMatching)
        t.matching = m_matching;
    else
        t.ids = selectedIssues();
    return t;
}

bool TriageController::applyChange(const store::TriageChange& change)
{
    const bool started = m_runner->apply(target(), change);
    updateActions();
    return started;
}

void TriageController::resolve()
{
    store::TriageChange c;
    c.status = triage::Status::Resolved;
    applyChange(c);
}

void TriageController::resolveInNextRelease()
{
    store::TriageChange c;
    c.status = triage::Status::ResolvedInNextRelease;
    applyChange(c);
}

void TriageController::resolveInRelease(const QString& release)
{
    if (release.trimmed().isEmpty())
        return;
    store::TriageChange c;
    c.status = triage::Status::ResolvedInRelease;
    c.release = release.trimmed().toStdString();
    applyChange(c);
}

void TriageController::ignore(const triage::IgnoreConditions& conditions)
{
    store::TriageChange c;
    c.status = triage::Status::Ignored;
    c.ignore = conditions;
    applyChange(c);
}

void TriageController::unresolve()
{
    store::TriageChange c;
    c.status = triage::Status::Unresolved;
    applyChange(c);
}

void TriageController::assign(const QString& name)
{
    store::TriageChange c;
    c.assignee = name.trimmed().toStdString();
    applyChange(c);
}

void TriageController::setPriority(triage::Priority priority)
{
    store::TriageChange c;
    c.priority = priority;
    applyChange(c);
}

void TriageController::toggleBookmark()
{
    const TriageTarget t = target();
    if (t.isEmpty())
        return;
    m_runner->run(tr("Bookmark"),
        [t](store::WorkspaceSession::Writer& writer, const std::atomic<bool>& cancel,
            const TriageRunner::ProgressFn& progress) {
            sql::Database& db = writer.db();
            // Un-bookmark only when every issue covered (up to the first 1,000 looked at) is bookmarked.
            std::vector<IssueId> ids = t.ids;
            if (t.matching) {
                auto all = store::issueIdsMatching(db, *t.matching);
                if (!all)
                    return Result<QString>(all.error());
                ids = std::move(*all);
            }
            bool allBookmarked = !ids.empty();
            for (std::size_t i = 0; i < ids.size() && i < 1000 && allBookmarked; ++i) {
                const auto view = store::issueTriageView(db, ids[i]);
                allBookmarked = view && view->bookmarked;
            }
            store::TriageChange c;
            c.bookmarked = !allBookmarked;
            TriageTarget explicitIds;
            explicitIds.ids = std::move(ids);
            return TriageRunner::applyNow(writer, explicitIds, c, cancel, progress);
        });
    updateActions();
}

void TriageController::toggleCurrentInSelection()
{
    if (!m_view || !m_view->currentIndex().isValid())
        return;
    m_view->selectionModel()->select(m_view->currentIndex(), QItemSelectionModel::Toggle | QItemSelectionModel::Rows);
}

void TriageController::extendSelection(int delta)
{
    if (!m_view || !m_view->model())
        return;
    QAbstractItemModel* model = m_view->model();
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && !m_view->selectionModel()->isRowSelected(current.row(), {}))
        m_view->selectionModel()->select(current, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const int from = current.isValid() ? current.row() : -1;
    if (from + delta >= model->rowCount() && model->canFetchMore({}))
        model->fetchMore({});
    const int to = std::clamp(from + delta, 0, std::max(0, model->rowCount() - 1));
    if (model->rowCount() == 0)
        return;
    const QModelIndex next = model->index(to, current.isValid() ? current.column() : 0);
    m_view->selectionModel()->setCurrentIndex(next, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_view->scrollTo(next);
}

void TriageController::selectAllMatching()
{
    if (!m_view)
        return;
    {
        const QScopedValueRollback guard(m_selecting, true);
        m_view->selectAll();
        m_allMatching = true;
    }
    updateActions();
    Q_EMIT selectionChanged(m_matchingTotal, true);
}

void TriageController::undo()
{
    m_runner->undo();
    updateActions();
}

void TriageController::mergeSelected()
{
    const auto ids = selectedIssues();
    if (m_allMatching || ids.size() < 2)
        return;
    m_runner->merge(ids);
    updateActions();
}

void TriageController::unmergeCurrent()
{
    const auto ids = selectedIssues();
    if (m_allMatching || ids.size() != 1)
        return;
    m_runner->unmerge(ids.front());
    updateActions();
}

void TriageController::onViewSelectionChanged()
{
    if (!m_selecting)
        m_allMatching = false;
    updateActions();
    Q_EMIT selectionChanged(selectionCount(), m_allMatching);
}

void TriageController::keepSelectionThrough(const std::function<void()>& refresh)
{
    if (!refresh)
        return;
    if (!m_view) {
        refresh();
        return;
    }
    std::set<qint64> selected;
    for (IssueId id : selectedIssues())
        selected.insert(id.value);
    const IssueId current = m_view->currentIndex().isValid() ? idAt(m_view->currentIndex().row()) : IssueId();
    const int currentColumn = m_view->currentIndex().isValid() ? m_view->currentIndex().column() : 0;
    const int hScroll = m_view->horizontalScrollBar()->value();
    const int vScroll = m_view->verticalScrollBar()->value();
    const bool all = m_allMatching;
    const QScopedValueRollback guard(m_selecting, true);
    refresh();
    QAbstractItemModel* model = m_view->model();
    QItemSelection selection;
    QModelIndex newCurrent;
    for (int row = 0; row < model->rowCount(); ++row) {
        const IssueId id = idAt(row);
        if (all || selected.count(id.value))
            selection.select(model->index(row, 0), model->index(row, model->columnCount() - 1));
        if (id == current)
            newCurrent = model->index(row, currentColumn);
    }
    QItemSelectionModel* sm = m_view->selectionModel();
    if (newCurrent.isValid())
        sm->setCurrentIndex(newCurrent, QItemSelectionModel::NoUpdate);
    sm->select(selection, QItemSelectionModel::ClearAndSelect);
    m_allMatching = all;
    m_view->horizontalScrollBar()->setValue(hScroll);
    m_view->verticalScrollBar()->setValue(vScroll);
    updateActions();
}

void TriageController::updateActions()
{
    const bool busy = m_runner->isBusy();
    const qint64 count = selectionCount();
    for (ActionId id : {Resolve, ResolveInNextRelease, ResolveInRelease, Ignore, Unresolve, Assign, Unassign, Bookmark})
        action(id)->setEnabled(!busy && count > 0);
    m_ignoreMenu->setEnabled(!busy && count > 0);
    m_priorityMenu->setEnabled(!busy && count > 0);
    action(Merge)->setEnabled(!busy && !m_allMatching && count >= 2);
    action(Unmerge)->setEnabled(!busy && !m_allMatching && count == 1);
    action(SelectAllMatching)->setEnabled(m_view && m_matchingTotal > 0);
    action(SelectAllMatching)
        ->setText(tr("Select all %1 matching").arg(QLocale().toString(static_cast<qlonglong>(m_matchingTotal))));
    const QString undoText = m_runner->undoDescription();
    action(Undo)->setEnabled(!busy && !undoText.isEmpty());
    action(Undo)->setText(undoText.isEmpty() ? tr("&Undo triage") : tr("&Undo %1").arg(undoText));
}

void TriageController::askRelease()
{
    auto* dialog = new QInputDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Resolve in release"));
    dialog->setLabelText(tr("Resolved in release:"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString& r) { resolveInRelease(r); });
    dialog->open();
}

void TriageController::askAssignee()
{
    auto* dialog = new QInputDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Assign"));
    dialog->setLabelText(tr("Assign %n issue(s) to:", nullptr, static_cast<int>(selectionCount())));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString& name) { assign(name); });
    dialog->open();
}

} // namespace stackdeck::ui
