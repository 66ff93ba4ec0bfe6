// The main window's triage, notes, saved searches and report export: wired
// here so that the window's own files stay about the window.
#include "event/eventview.h"
#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issueheader.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "mainwindow.h"
#include "notes/eventnotes.h"
#include "notes/notespanel.h"
#include "report/copymarkdown.h"
#include "report/exportdialog.h"
#include "rules/rulesdialog.h"
#include "searches/savedsearchespanel.h"
#include "sidebar.h"
#include "triage/triagecontroller.h"
#include "triage/triageprogress.h"
#include "widgets/searchfield.h"

#include <QBoxLayout>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>

namespace stackdeck::ui {

void MainWindow::buildTriage()
{
    m_triage = new TriageController(this);
    m_triage->attach(m_list->table(), IssueListModel::IssueIdRole);
    m_triage->setRefresh([this] {
        m_list->refresh();
        m_sidebar->refresh();
        m_detail->refreshIssue();
        m_savedSearches->refresh();
        m_notes->reload();
    });
    statusBar()->addPermanentWidget(new TriageProgress(m_triage->runner(), this));
    connect(m_triage, &TriageController::actionFailed, this,
        [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    // Issues that came back when the workspace was opened (an ignore time that passed meanwhile).
    connect(m_triage->runner(), &TriageRunner::reevaluated, this, [this](qint64 reopened) {
        if (reopened > 0)
            statusBar()->showMessage(
                tr("%n issue(s) came back since the workspace was last open: their ignore time passed or new "
                   "events arrived",
                    nullptr, int(reopened)),
                8000);
    });
    auto updateMatching
        = [this] { m_triage->setMatching(m_list->model()->countFilter(), m_list->model()->totalCount()); };
    connect(m_list->model(), &IssueListModel::reloaded, this, updateMatching);
    connect(m_list, &IssueListView::countsChanged, this, updateMatching);

    // The triage menu: in the menu bar (before Go), on the list's rows and in the issue header.
    QAction* before = nullptr;
    for (QAction* a : menuBar()->actions()) {
        if (a->text() == tr("&Go"))
            before = a;
    }
    menuBar()->insertMenu(before, m_triage->menu());
    // Copy as Markdown: in the same menu (so on the list's rows and in the issue header too), and on the event view.
    m_triage->menu()->addSeparator();
    QAction* copyIssue
        = m_triage->menu()->addAction(tr("Copy issue as &Markdown"), this, [this] { copyIssueMarkdown(); });
    copyIssue->setObjectName(QStringLiteral("actionCopyIssueMarkdown"));
    QAction* copyEvent = new QAction(tr("Copy event as Markdown"), this);
    copyEvent->setObjectName(QStringLiteral("actionCopyEventMarkdown"));
    connect(copyEvent, &QAction::triggered, this, [this] { copyEventMarkdown(); });
    m_triage->menu()->addAction(copyEvent);
    m_detail->eventView()->addAction(copyEvent);
    m_detail->eventView()->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(this, &MainWindow::markdownCopied, this, [this](const QString& error) {
        statusBar()->showMessage(
            error.isEmpty() ? tr("Copied as Markdown") : tr("Copy as Markdown failed: %1").arg(error), 6000);
    });
    auto* headerButton = new QToolButton(this);
    headerButton->setObjectName(QStringLiteral("issueTriageButton"));
    headerButton->setText(tr("Triage"));
    headerButton->setMenu(m_triage->menu());
    headerButton->setPopupMode(QToolButton::InstantPopup);
    m_detail->header()->addActionWidget(headerButton);

    // Notes: a tab of the issue detail, following the current issue.
    m_notes = new NotesPanel(this);
    m_detail->tabs()->addTab(m_notes, tr("Notes"));
    connect(m_list, &IssueListView::currentIssueChanged, m_notes, &NotesPanel::setIssue);
    connect(m_notes, &NotesPanel::failed, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    // A note added on a frame or breadcrumb shows in this list; one written here shows on its row.
    connect(m_detail->eventView(), &EventView::noteWritten, m_notes, &NotesPanel::reload);
    connect(m_notes, &NotesPanel::notesChanged, m_detail->eventView()->notes(), &EventNotes::reload);
    connect(m_detail->eventView()->notes(), &EventNotes::failed, this,
        [this](const QString& m) { statusBar()->showMessage(m, 8000); });

    // Saved searches: a section under the sidebar's tree, counted in the sidebar's scope.
    m_savedSearches = new SavedSearchesPanel(m_sidebar);
    m_savedSearches->setMaximumHeight(fontMetrics().height() * 9); // the sidebar's tree keeps the room
    if (auto* box = qobject_cast<QBoxLayout*>(m_sidebar->layout()))
        box->addWidget(m_savedSearches);
    connect(m_savedSearches, &SavedSearchesPanel::searchChosen, this,
        [this](const QString& query) { m_list->search()->setText(query); });
    connect(m_list->search(), &SearchField::queryChanged, m_savedSearches, &SavedSearchesPanel::setCurrentQuery);
    connect(m_sidebar, &Sidebar::scopeChanged, this, [this] { m_savedSearches->setScope(m_sidebar->scopeFilter()); });
    connect(m_sidebar, &Sidebar::refreshed, m_savedSearches, [this] {
        if (!m_savedSearches->isBusy())
            m_savedSearches->refresh();
    });

    connect(this, &MainWindow::workspaceOpened, this, [this] {
        m_triage->setSession(m_session);
        m_notes->setSession(m_session);
        m_notes->setIssue(m_list->currentIssue());
        m_savedSearches->setSession(m_session);
    });

    // File > Export report…
    QAction* exportAction = new QAction(tr("&Export report…"), this);
    exportAction->setObjectName(QStringLiteral("actionExportReport"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(exportAction, &QAction::triggered, this, [this] { openExportDialog(); });
    QMainWindow::addAction(exportAction);
    if (!menuBar()->actions().isEmpty()) {
        if (QMenu* file = menuBar()->actions().constFirst()->menu()) {
            QAction* firstSeparator = nullptr;
            for (QAction* a : file->actions()) {
                if (a->isSeparator()) {
                    firstSeparator = a;
                    break;
                }
            }
            file->insertAction(firstSeparator, exportAction);
        }
    }
}

void MainWindow::copyIssueMarkdown()
{
    const IssueId issue = m_list->currentIssue();
    if (!m_session || !issue.isValid())
        return;
    copyToClipboardWhenReady(
        this, issueMarkdownAsync(m_session, issue), [this](const QString& error) { Q_EMIT markdownCopied(error); });
}

void MainWindow::copyEventMarkdown()
{
    const auto& event = m_detail->eventView()->event();
    if (!m_session || !event || event->row.eventId.empty())
        return;
    copyToClipboardWhenReady(this, eventMarkdownAsync(m_session, event->row.eventId),
        [this](const QString& error) { Q_EMIT markdownCopied(error); });
}

ExportDialog* MainWindow::openExportDialog()
{
    if (!m_session)
        return nullptr;
    if (!m_export) {
        m_export = new ExportDialog(m_session, this);
        m_export->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_export->setSelection(m_triage->selectedIssues());
    m_export->setSearch(m_list->search()->text(), m_list->model()->countFilter(), m_list->model()->totalCount());
    if (m_triage->allMatchingSelected())
        m_export->useSearch(true);
    if (m_interactive) {
        m_export->show();
        m_export->raise();
    }
    return m_export;
}

} // namespace stackdeck::ui
