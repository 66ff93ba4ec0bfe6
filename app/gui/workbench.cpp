#include "workbench.h"

#include "event/eventview.h"
#include "import/importcontroller.h"
#include "import/importreportdialog.h"
#include "ingest/endpointscreenshot.h"
#include "issues/issuedetail.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "main/aboutdialog.h"
#include "main/mainwindow.h"
#include "main/theme.h"
#include "notes/eventnotes.h"
#include "report/exportdialog.h"
#include "report/redactionpreview.h"
#include "report/redactionrulesdialog.h"
#include "rules/ruleeditor.h"
#include "rules/rulesdialog.h"
#include "rules/whatifdialog.h"
#include "store/defaultworkspace.h"
#include "triage/triagecontroller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>

#include <cstdio>
#include <cstdlib>

namespace stackdeck::gui {

using namespace stackdeck::ui;

namespace {
constexpr QLatin1String kLastWorkspaceKey("lastWorkspace");

QString demoWorkspacePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("demo.stackdeck"));
}

// A start without --db or --demo: the workspace the window had open last, if
// it is still there, else the default one in the application data folder.
QString startWorkspacePath()
{
    const QString last = QSettings().value(kLastWorkspaceKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isFile())
        return last;
    return store::defaultWorkspacePath();
}

// Runs the event loop until `done` or the deadline (screenshots, first start).
template <typename F> bool waitFor(F done, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return done();
}

// The export dialog with its redaction preview scanned, for every issue in the list.
QPixmap grabExport(MainWindow& window)
{
    ExportDialog* dialog = window.openExportDialog();
    if (!dialog)
        return {};
    dialog->useSearch(true); // every issue in the list: the preview has findings to show
    dialog->setRedact(true);
    dialog->show();
    waitFor([&] { return !dialog->preview()->isScanning(); }, 60'000);
    waitFor([] { return false; }, 150);
    return dialog->grab();
}

// The export dialog's "Edit rules…" editor, over the scanned preview, with a
// regular expression that does not compile typed in (its error shows).
QPixmap grabRedactionRules(MainWindow& window)
{
    if (grabExport(window).isNull())
        return {};
    RedactionRulesDialog* rules = window.openExportDialog()->preview()->openRulesEditor();
    if (!rules)
        return {};
    waitFor([&] { return !rules->isBusy(); }, 10'000);
    rules->kindBox()->setCurrentIndex(1);
    rules->patternEdit()->setText(QStringLiteral("ORD-(\\d{6}"));
    rules->addRule();
    waitFor([] { return false; }, 150);
    return rules->grab();
}

// The window with three issues picked and the triage menu open on them (a
// popup is a window of its own: painted onto the window's picture where it opened).
QPixmap grabTriageMenu(MainWindow& window)
{
    auto* list = window.issueList();
    list->selectRow(0);
    TriageController* triage = window.triage();
    triage->extendSelection(1);
    triage->extendSelection(1);
    QTableView* table = list->table();
    const QRect row = table->visualRect(table->model()->index(2, 1));
    const QPoint at = table->viewport()->mapToGlobal(row.center());
    triage->menu()->popup(at);
    waitFor([] { return false; }, 200);
    QPixmap picture = window.grab();
    const QPixmap menu = triage->menu()->grab();
    QPainter painter(&picture);
    painter.drawPixmap(window.mapFromGlobal(triage->menu()->pos()), menu);
    painter.end();
    triage->menu()->hide();
    return picture;
}

// The grouping rules dialog (with the given texts) or the what-if preview of them, once computed.
QPixmap grabDialog(MainWindow& window, const AppOptions& options)
{
    RulesDialog* rules = window.openGroupingRules(options.project);
    if (!rules) {
        std::fprintf(stderr, "stackdeck: no workspace for the grouping rules dialog\n");
        return {};
    }
    if (options.stackRules || options.fingerprintRules)
        rules->setTexts(options.stackRules.value_or(rules->enhancementsEditor()->toPlainText()),
            options.fingerprintRules.value_or(rules->fingerprintEditor()->toPlainText()));
    QWidget* target = rules;
    if (options.screenshotDialog == QLatin1String("what-if")) {
        WhatIfDialog* whatIf = rules->preview();
        if (!whatIf) {
            std::fprintf(stderr, "stackdeck: the rules have errors, no preview: %s\n",
                qPrintable(rules->errorMessages().join(QStringLiteral("; "))));
            return {};
        }
        whatIf->show();
        waitFor([&] { return !whatIf->isRunning(); }, 300'000);
        waitFor([&] { return !whatIf->isComparing(); }, 20'000);
        target = whatIf;
    } else {
        rules->show();
    }
    waitFor([] { return false; }, 200);
    return target->grab();
}

int takeScreenshot(MainWindow& window, const AppOptions& options)
{
    window.setInteractive(false);
    window.applyDefaultLayout(options.screenshotSize);
    window.show();
    waitFor([&] { return !window.isImporting(); }, 120'000);
    auto* list = window.issueList();
    if (options.issue)
        list->selectIssue(IssueId(*options.issue));
    else if (!list->currentIssue().isValid() && list->model()->rowCount() > 0)
        list->selectRow(0);
    auto* detail = window.issueDetail();
    waitFor(
        [&] {
            return !detail->isLoading() && (!detail->issue().isValid() || detail->eventView()->event())
                && !detail->eventView()->notes()->isLoading(); // the note markers
        },
        10'000);
    if (!options.pane.isEmpty() && !detail->eventView()->selectPane(options.pane))
        std::fprintf(stderr, "stackdeck: the pane '%s' has nothing to show for this event\n", qPrintable(options.pane));
    waitFor([] { return false; }, 150); // let layouts settle
    QPixmap pixmap;
    if (options.screenshotDialog == QLatin1String("export")) {
        pixmap = grabExport(window);
    } else if (options.screenshotDialog == QLatin1String("redaction-rules")) {
        pixmap = grabRedactionRules(window);
    } else if (options.screenshotDialog == QLatin1String("triage-menu")) {
        pixmap = grabTriageMenu(window);
    } else if (options.screenshotDialog == QLatin1String("open-trace")) {
        // The current event's trace in the Traces tab (View > Open Trace).
        if (auto* open = window.findChild<QAction*>(QStringLiteral("openTrace")))
            open->trigger();
        waitFor([] { return false; }, 1500); // the list and the trace load on workers
        pixmap = window.grab();
    } else if (options.screenshotDialog == QLatin1String("about")) {
        AboutDialog about(window.workspacePath(), window.session(), &window);
        about.show();
        waitFor([] { return false; }, 150);
        pixmap = about.grab();
    } else if (options.screenshotDialog.startsWith(QLatin1String("ingest"))) {
        pixmap = grabEndpointScreenshot(window, options.screenshotDialog, options.paths);
        if (pixmap.isNull())
            return 1;
    } else if (!options.screenshotDialog.isEmpty()) {
        pixmap = grabDialog(window, options);
        if (pixmap.isNull())
            return 1;
    } else {
        pixmap = window.grab();
    }
    if (!pixmap.save(options.screenshot, "PNG")) {
        std::fprintf(stderr, "stackdeck: cannot write %s\n", qPrintable(options.screenshot));
        return 1;
    }
    std::printf("%s\n", qPrintable(QFileInfo(options.screenshot).absoluteFilePath()));
    return 0;
}
} // namespace

int runWorkbench(const AppOptions& options)
{
    MainWindow window;
    const bool shot = !options.screenshot.isEmpty();
    if (!shot)
        window.restoreSettings();
    ThemeMode theme = themeFromName(QSettings().value(QStringLiteral("theme")).toString());
    if (!options.theme.isEmpty())
        theme = themeFromName(options.theme);
    if (options.dark)
        theme = ThemeMode::Dark;
    if (shot && !options.dark && options.theme.isEmpty())
        theme = ThemeMode::Light;
    window.setTheme(theme);

    // Every workspace lives in the user's data folder or where the user named
    // it, never next to the program (read-only /usr/bin once installed).
    QString path = options.db;
    if (path.isEmpty())
        path = options.demo ? demoWorkspacePath() : startWorkspacePath();
    if (!shot) // the next start without --db opens the workspace open last
        QObject::connect(&window, &MainWindow::workspaceOpened, &window,
            [](const QString& opened) { QSettings().setValue(kLastWorkspaceKey, opened); });
    if (!window.openWorkspace(path)) {
        std::fprintf(stderr, "stackdeck: cannot open the workspace %s\n", qPrintable(path));
        return 1;
    }
    // The demo workspace gets the demo set on first use. The user's own
    // workspaces never do: an empty one offers the demo in the issue list
    // ("Import files…" / "Open the demo") instead of mixing it into their data.
    if (options.paths.isEmpty() && window.workspaceIsEmpty() && options.demo)
        window.importDemo();
    if (!options.paths.isEmpty() && !options.screenshotDialog.startsWith(QLatin1String("ingest"))) {
        QStringList abs;
        for (const QString& p : options.paths)
            abs << QFileInfo(p).absoluteFilePath();
        window.importFiles(abs);
    }
    if (shot)
        return takeScreenshot(window, options);
    window.show();
    return QApplication::exec();
}

} // namespace stackdeck::gui
