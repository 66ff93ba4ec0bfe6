#include "application.h"

#include "event/eventview.h"
#include "import/importcontroller.h"
#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issuelistview.h"
#include "mainwindow.h"
#include "models/issuelistmodel.h"
#include "store/defaultworkspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>

#include <cstdio>

namespace stackdeck::ui {

AppOptions parseCommandLine(const QApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Stackdeck: a desktop workbench for Sentry-style error events."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(
        QStringLiteral("db"), QStringLiteral("Workspace file to open (created when missing)."), QStringLiteral("FILE"));
    const QCommandLineOption demo(
        QStringLiteral("demo"), QStringLiteral("Open the demo workspace (imported on first use)."));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
        QStringLiteral("Render the window at 1440x900 to a PNG and exit."), QStringLiteral("OUT.png"));
    const QCommandLineOption issue(
        QStringLiteral("issue"), QStringLiteral("With --screenshot: the issue to select."), QStringLiteral("ID"));
    const QCommandLineOption pane(QStringLiteral("pane"),
        QStringLiteral("With --screenshot: the event pane to show (exception, threads, breadcrumbs, request, tags, "
                       "context, extra, modules, json)."),
        QStringLiteral("NAME"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use the dark palette."));
    const QCommandLineOption theme(
        QStringLiteral("theme"), QStringLiteral("light, dark or system."), QStringLiteral("NAME"));
    for (const auto& o : {db, demo, shot, issue, pane, dark, theme})
        parser.addOption(o);
    parser.addPositionalArgument(
        QStringLiteral("PATH"), QStringLiteral("Event files to import."), QStringLiteral("[PATH...]"));
    parser.process(app);
    AppOptions out;
    out.db = parser.value(db);
    out.demo = parser.isSet(demo);
    out.screenshot = parser.value(shot);
    if (parser.isSet(issue))
        out.issue = parser.value(issue).toLongLong();
    out.pane = parser.value(pane);
    out.dark = parser.isSet(dark);
    out.theme = parser.value(theme);
    out.paths = parser.positionalArguments();
    return out;
}

namespace {
// Runs the event loop until `done` or the deadline (screenshots, first start).
template <typename F> bool waitFor(F done, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return done();
}

int takeScreenshot(MainWindow& window, const AppOptions& options)
{
    window.setInteractive(false);
    window.resize(1440, 900);
    window.show();
    waitFor([&] { return !window.isImporting(); }, 120'000);
    auto* list = window.issueList();
    if (options.issue)
        list->selectIssue(IssueId(*options.issue));
    else if (!list->currentIssue().isValid() && list->model()->rowCount() > 0)
        list->selectRow(0);
    auto* detail = window.issueDetail();
    waitFor(
        [&] { return !detail->isLoading() && (!detail->issue().isValid() || detail->eventView()->event()); }, 10'000);
    if (!options.pane.isEmpty() && !detail->eventView()->selectPane(options.pane))
        std::fprintf(stderr, "stackdeck: the pane '%s' has nothing to show for this event\n", qPrintable(options.pane));
    waitFor([] { return false; }, 150); // let layouts settle
    const QPixmap pixmap = window.grab();
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

    QString path = options.db;
    if (path.isEmpty())
        path = options.demo ? QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                  .filePath(QStringLiteral("demo.stackdeck"))
                            : store::defaultWorkspacePath();
    if (!window.openWorkspace(path)) {
        std::fprintf(stderr, "stackdeck: cannot open the workspace %s\n", qPrintable(path));
        return 1;
    }
    // A newcomer sees real issues at once: an empty default or demo workspace gets the demo set.
    if (options.paths.isEmpty() && window.workspaceIsEmpty() && (options.db.isEmpty() || options.demo))
        window.importDemo();
    if (!options.paths.isEmpty()) {
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

} // namespace stackdeck::ui
