#include "tracesetup.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "event/eventview.h"
#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issuelistview.h"
#include "mainwindow.h"
#include "store/eventqueries.h"
#include "store/sessionaccess.h"
#include "trace/tracespage.h"

#include <QAction>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QtConcurrent>

namespace stackdeck::ui {

namespace {

QMenu* viewMenu(MainWindow& window)
{
    for (QAction* action : window.menuBar()->actions()) {
        if (action->menu() && action->menu()->objectName() == QLatin1String("viewMenu"))
            return action->menu();
    }
    return window.menuBar()->addMenu(QCoreApplication::translate("stackdeck::ui::TraceSetup", "&Go"));
}

// Finds the stored event on a reader and shows it in the Issues tab.
void showEvent(MainWindow& window, QTabWidget* tabs, const QString& eventId)
{
    auto future = QtConcurrent::run([session = window.session(), id = eventId.toStdString()] {
        return store::readWithSession(session,
            [&](sql::Database& db) -> Result<std::optional<store::EventRow>> { return store::eventByEventId(db, id); });
    });
    whenFinished(&window, future, [&window, tabs, eventId](const Result<std::optional<store::EventRow>>& row) {
        if (!row || !*row) {
            window.statusBar()->showMessage(
                QCoreApplication::translate("stackdeck::ui::TraceSetup", "Event %1 is not in this workspace")
                    .arg(eventId),
                5000);
            return;
        }
        tabs->setCurrentIndex(0);
        window.issueList()->selectIssue((*row)->issue);
        window.issueDetail()->openEvent((*row)->row);
    });
}

} // namespace

TracesPage* installTraces(MainWindow& window)
{
    auto* page = new TracesPage(&window);
    auto* tabs = new QTabWidget(&window);
    tabs->setDocumentMode(true);
    tabs->addTab(window.takeCentralWidget(), QCoreApplication::translate("stackdeck::ui::TraceSetup", "Issues"));
    tabs->addTab(page, QCoreApplication::translate("stackdeck::ui::TraceSetup", "Traces"));
    window.setCentralWidget(tabs);

    page->setSession(window.session());
    QObject::connect(
        &window, &MainWindow::workspaceOpened, page, [page, &window] { page->setSession(window.session()); });
    QObject::connect(page, &TracesPage::openEventRequested, &window,
        [&window, tabs](const QString& eventId) { showEvent(window, tabs, eventId); });

    auto* open = new QAction(QCoreApplication::translate("stackdeck::ui::TraceSetup", "Open &Trace"), &window);
    open->setObjectName(QStringLiteral("openTrace"));
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    open->setStatusTip(QCoreApplication::translate(
        "stackdeck::ui::TraceSetup", "Show the current event's trace, with the event's span selected"));
    QObject::connect(open, &QAction::triggered, &window, [&window, tabs, page] {
        const auto& event = window.issueDetail()->eventView()->event();
        if (!event || event->row.traceId.empty()) {
            window.statusBar()->showMessage(
                QCoreApplication::translate("stackdeck::ui::TraceSetup", "The current event belongs to no trace"),
                5000);
            return;
        }
        tabs->setCurrentWidget(page);
        page->openTrace(qs(event->row.traceId), qs(event->event.trace.spanId));
    });
    viewMenu(window)->addAction(open);
    // The event's Trace pane opens the timeline at the span it names.
    QObject::connect(window.issueDetail()->eventView(), &EventView::openTraceRequested, page,
        [tabs, page](const QString& traceId, const QString& spanId) {
            tabs->setCurrentWidget(page);
            page->openTrace(traceId, spanId);
        });
    return page;
}

} // namespace stackdeck::ui
