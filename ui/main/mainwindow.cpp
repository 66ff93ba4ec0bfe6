#include "mainwindow.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "import/demodata.h"
#include "import/importcontroller.h"
#include "import/importreportdialog.h"
#include "ingestsetup.h"
#include "issues/issuedetail.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "reindexprompt.h"
#include "serversetup.h"
#include "sidebar.h"
#include "store/defaultworkspace.h"
#include "store/eventqueries.h"
#include "store/summaryqueries.h"
#include "store/workspace.h"
#include "store/workspacesession.h"
#include "tracesetup.h"

#include <QCloseEvent>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QProgressDialog>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolButton>
#include <QtConcurrent>

namespace stackdeck::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_sidebar(new Sidebar(this))
    , m_list(new IssueListView(this))
    , m_detail(new IssueDetail(this))
    , m_split(new QSplitter(Qt::Horizontal, this))
    , m_right(new QSplitter(Qt::Horizontal, this))
    , m_import(new ImportController(this))
    , m_counts(new QLabel(this))
    , m_work(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setWindowTitle(QStringLiteral("Stackdeck"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    setAcceptDrops(true);
    setObjectName(QStringLiteral("mainWindow"));
    m_right->addWidget(m_list);
    m_right->addWidget(m_detail);
    m_right->setStretchFactor(0, 5); // a narrower window takes mostly from the list: the panes need their width
    m_right->setStretchFactor(1, 1);
    m_right->setChildrenCollapsible(false);
    m_split->addWidget(m_sidebar);
    m_split->addWidget(m_right);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 1);
    m_split->setSizes({215, 1225});
    m_right->setSizes({650, 575}); // titles need the room; the event panes wrap
    m_sidebar->setMinimumWidth(150);
    m_list->setMinimumWidth(360);
    m_detail->setMinimumWidth(380);
    setCentralWidget(m_split);

    m_counts->setTextFormat(Qt::PlainText);
    m_work->setTextFormat(Qt::PlainText);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_cancel->setIcon(QIcon(QStringLiteral(":/icons/cancel.svg")));
    m_cancel->setToolTip(tr("Cancel the import"));
    m_cancel->setAutoRaise(true);
    statusBar()->addWidget(m_counts, 1);
    // A message replaces the counts while it shows. QStatusBar hides its normal
    // widgets only when they are visible, so a message shown before the window
    // is would otherwise be drawn over them.
    connect(statusBar(), &QStatusBar::messageChanged, m_counts,
        [this](const QString& message) { m_counts->setVisible(message.isEmpty()); });
    statusBar()->addPermanentWidget(m_work);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_progress->hide();
    m_cancel->hide();
    m_work->hide();

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(700);
    connect(&m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshAll);

    connect(m_sidebar, &Sidebar::scopeChanged, this, [this] { m_list->setScopeFilter(m_sidebar->scopeFilter()); });
    connect(m_list, &IssueListView::currentIssueChanged, m_detail, &IssueDetail::showIssue);
    connect(m_list, &IssueListView::issueActivated, this, [this](IssueId) { m_detail->setFocus(); });
    connect(m_list, &IssueListView::countsChanged, this, &MainWindow::updateCounts);
    connect(m_list, &IssueListView::importRequested, this, &MainWindow::chooseFiles);
    connect(m_list, &IssueListView::demoRequested, this, &MainWindow::openDemoWorkspace);
    connect(m_detail, &IssueDetail::tagClicked, m_list, &IssueListView::addSearchTerm);

    connect(m_import, &ImportController::started, this, [this](const QStringList& paths) {
        m_work->setText(tr("Importing %1 files…").arg(paths.size()));
        m_progress->setRange(0, 0);
        for (QWidget* w : std::initializer_list<QWidget*> {m_work, m_progress, m_cancel})
            w->show();
    });
    connect(m_import, &ImportController::progress, this, [this](qint64 events, qint64 done, qint64 total, double rate) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? static_cast<int>(1000 * done / total) : 0);
        m_work->setText(tr("Importing: %1 events, %2 of %3, %4 events/s")
                            .arg(events)
                            .arg(byteSize(done), byteSize(total))
                            .arg(static_cast<qint64>(rate)));
    });
    connect(m_import, &ImportController::waiting, this, [this](const QString& holders) {
        m_progress->setRange(0, 0);
        m_work->setText(tr("Waiting for %1 to finish…").arg(holders));
    });
    connect(m_import, &ImportController::batchLanded, this, [this] {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    });
    connect(m_import, &ImportController::finished, this, &MainWindow::onImportFinished);
    connect(m_cancel, &QToolButton::clicked, m_import, &ImportController::cancel);

    buildActions();
    buildMenus();
    buildTriage();
    installServer(*this);
    installTraces(*this);
    installIngest(*this);
}

MainWindow::~MainWindow()
{
    m_import->cancel();
}

Result<std::shared_ptr<store::WorkspaceSession>> MainWindow::openOrUpgrade(const QString& path)
{
    const std::string file = path.toStdString();
    if (!store::Workspace::needsMigration(file))
        return store::WorkspaceSession::open(file);
    // A workspace from an older Stackdeck: migrating a big one takes minutes
    // (a million events: about a minute and a half). The window stays alive meanwhile.
    QProgressDialog dialog(this);
    auto* label = new QLabel(&dialog); // a file name is data: "<img ...>.stackdeck" stays literal
    setPlainText(
        label, tr("Upgrading %1 for this version of Stackdeck. This happens once.").arg(QFileInfo(path).fileName()));
    dialog.setLabel(label);
    dialog.setRange(0, 0);
    dialog.setWindowTitle(tr("Upgrading the workspace"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    dialog.setCancelButton(nullptr); // a migration is one transaction: all of it or none
    QEventLoop loop;
    QFutureWatcher<Result<std::shared_ptr<store::WorkspaceSession>>> watcher;
    connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([file] { return store::WorkspaceSession::open(file); }));
    if (!watcher.isFinished())
        loop.exec();
    return watcher.future().takeResult();
}

bool MainWindow::openWorkspace(const QString& path)
{
    store::makePrivateFolder(QFileInfo(path).absolutePath());
    auto session = openOrUpgrade(path);
    if (!session) {
        m_counts->setText(tr("Cannot open %1: %2").arg(path, QString::fromStdString(session.error().message)));
        return false;
    }
    offerInterruptedReindex(this, path);
    // Every view gets the one session; a worker still reading the old
    // workspace keeps it open through its reader until it ends.
    m_session = std::move(session).value();
    ++m_totalsJob; // totals of the old workspace that land now are dropped
    m_path = QFileInfo(path).absoluteFilePath();
    setWindowTitle(QFileInfo(path).fileName() + QStringLiteral(" — Stackdeck"));
    // Opening is synchronous anyway (the window needs to know whether to offer
    // the demo); the counts during an import are read on workers (refreshAll).
    m_totals = readTotals(*m_session);
    if (!m_totals.error.empty())
        qWarning("stackdeck: counting the issues of %s failed: %s", qPrintable(m_path), m_totals.error.c_str());
    m_sidebar->setSession(m_session);
    m_detail->setSession(m_session);
    m_list->setWorkspaceEmpty(workspaceIsEmpty());
    m_list->setScopeFilter(m_sidebar->scopeFilter());
    m_list->setSession(m_session);
    if (m_list->model()->rowCount() > 0)
        m_list->selectRow(0);
    Q_EMIT workspaceOpened(m_path);
    return true;
}

bool MainWindow::workspaceIsEmpty() const
{
    return !m_session || m_totals.issues == 0;
}

bool MainWindow::isImporting() const
{
    return m_import->isRunning();
}

void MainWindow::importFiles(const QStringList& paths)
{
    if (paths.isEmpty() || !m_session)
        return;
    addRecent(paths);
    m_import->start(m_path, paths);
}

void MainWindow::importDemo()
{
    DemoFiles demo = extractDemoFiles();
    importFiles(demo.paths);
    // The files must outlive the import that reads them; onImportFinished() removes them.
    // (When an import was already running, this one did not start: its folder goes now.)
    if (isImporting() && !m_demoDir)
        m_demoDir = std::move(demo.dir);
}

void MainWindow::openDemoWorkspace()
{
    const QString path = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                             .filePath(QStringLiteral("demo.stackdeck"));
    if (openWorkspace(path) && workspaceIsEmpty())
        importDemo();
}

void MainWindow::refreshAll()
{
    if (!m_session)
        return;
    m_sidebar->refresh();
    m_detail->refreshIssue();
    // The totals (and with them the empty state) come from a worker; the list
    // reloads its loaded pages (bounded, indexed reads: see IssueListModel).
    const quint64 job = ++m_totalsJob;
    ++m_totalsPending;
    whenFinished(this, QtConcurrent::run([session = m_session] { return readTotals(*session); }),
        [this, job](const Totals& totals) {
            --m_totalsPending;
            if (job == m_totalsJob)
                showTotals(totals);
        });
}

MainWindow::Totals MainWindow::readTotals(store::WorkspaceSession& session)
{
    Totals out;
    auto reader = session.reader();
    if (!reader) {
        out.error = reader.error().message;
        return out;
    }
    try {
        out.issues = store::totalIssueCount(reader->db());
        out.events = store::countEvents(reader->db());
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

void MainWindow::showTotals(const Totals& totals)
{
    if (totals.error.empty()) {
        m_totals = totals;
    } else {
        qWarning("stackdeck: counting the issues of %s failed: %s", qPrintable(m_path), totals.error.c_str());
        m_work->setText(tr("Counting failed: %1").arg(QString::fromStdString(totals.error)));
        m_work->show();
    }
    const bool wasEmpty = m_list->showsEmptyState();
    m_list->setWorkspaceEmpty(workspaceIsEmpty());
    m_list->refresh();
    if (wasEmpty && !m_list->currentIssue().isValid() && m_list->model()->rowCount() > 0)
        m_list->selectRow(0);
    updateCounts();
}

void MainWindow::updateCounts()
{
    if (!m_session) {
        m_counts->setText(tr("No workspace"));
        return;
    }
    const auto* model = m_list->model();
    m_counts->setText(tr("%1 issues match (%2 loaded) · %3 issues, %4 events in %5")
                          .arg(model->isCounting() ? QStringLiteral("…") : QString::number(model->totalCount()))
                          .arg(model->rowCount())
                          .arg(m_totals.issues)
                          .arg(m_totals.events)
                          .arg(QFileInfo(m_path).fileName()));
}

QString MainWindow::statusText() const
{
    return m_counts->text();
}

void MainWindow::onImportFinished(const ImportOutcome& outcome)
{
    m_demoDir.reset();
    m_refreshTimer.stop();
    refreshAll();
    for (QWidget* w : std::initializer_list<QWidget*> {m_progress, m_cancel})
        w->hide();
    m_work->setText(tr("Imported %1 events%2")
                        .arg(outcome.events)
                        .arg(outcome.rejected.empty() ? QString() : tr(", %1 rejected").arg(outcome.rejected.size())));
    if (m_report)
        m_report->deleteLater();
    if (!outcome.rejected.empty() || !outcome.fatalError.isEmpty() || outcome.cancelled || m_interactive) {
        m_report = new ImportReportDialog(outcome, this);
        m_report->setAttribute(Qt::WA_DeleteOnClose);
        if (m_interactive)
            m_report->open();
    }
    Q_EMIT importFinished(outcome);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    m_import->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            paths << url.toLocalFile();
    }
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        importFiles(paths);
    }
}

} // namespace stackdeck::ui
