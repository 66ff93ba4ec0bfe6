#include "application.h"

#include "event/eventview.h"
#include "grouping/ruleeditor.h"
#include "grouping/rulesdialog.h"
#include "grouping/whatifdialog.h"
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
#include <cstdlib>

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
        QStringLiteral("Render the window (1440x900 unless --size) to a PNG and exit."), QStringLiteral("OUT.png"));
    const QCommandLineOption size(
        QStringLiteral("size"), QStringLiteral("With --screenshot: the window size."), QStringLiteral("WxH"));
    const QCommandLineOption issue(
        QStringLiteral("issue"), QStringLiteral("With --screenshot: the issue to select."), QStringLiteral("ID"));
    const QCommandLineOption pane(QStringLiteral("pane"),
        QStringLiteral("With --screenshot: the event pane to show (exception, threads, breadcrumbs, request, tags, "
                       "context, extra, modules, grouping, json)."),
        QStringLiteral("NAME"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use the dark palette."));
    const QCommandLineOption theme(
        QStringLiteral("theme"), QStringLiteral("light, dark or system."), QStringLiteral("NAME"));
    const QCommandLineOption dialog(QStringLiteral("screenshot-dialog"),
        QStringLiteral("With --screenshot: render a dialog instead of the window (grouping-rules, what-if)."),
        QStringLiteral("NAME"));
    const QCommandLineOption project(
        QStringLiteral("project"), QStringLiteral("With --screenshot-dialog: the project."), QStringLiteral("NAME"));
    const QCommandLineOption stackRules(QStringLiteral("stack-rules"),
        QStringLiteral("With --screenshot-dialog: stack-trace rules to show instead of the stored ones (\\n for a "
                       "line break)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption fingerprintRules(QStringLiteral("fingerprint-rules"),
        QStringLiteral("With --screenshot-dialog: fingerprint rules to show instead of the stored ones."),
        QStringLiteral("TEXT"));
    for (const auto& o :
        {db, demo, shot, size, issue, pane, dark, theme, dialog, project, stackRules, fingerprintRules})
        parser.addOption(o);
    parser.addPositionalArgument(
        QStringLiteral("PATH"), QStringLiteral("Event files to import."), QStringLiteral("[PATH...]"));
    parser.process(app);
    AppOptions out;
    out.db = parser.value(db);
    out.demo = parser.isSet(demo);
    out.screenshot = parser.value(shot);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        const int w = wh.size() == 2 ? wh[0].toInt() : 0;
        const int h = wh.size() == 2 ? wh[1].toInt() : 0;
        if (w < 320 || h < 240) {
            std::fprintf(stderr, "stackdeck: --size takes WxH, e.g. 1280x800\n");
            std::exit(2);
        }
        out.screenshotSize = QSize(w, h);
    }
    if (parser.isSet(issue))
        out.issue = parser.value(issue).toLongLong();
    out.pane = parser.value(pane);
    out.dark = parser.isSet(dark);
    out.theme = parser.value(theme);
    out.screenshotDialog = parser.value(dialog);
    out.project = parser.value(project);
    auto rulesText = [&](const QCommandLineOption& o) -> std::optional<QString> {
        if (!parser.isSet(o))
            return std::nullopt;
        return parser.value(o).replace(QStringLiteral("\\n"), QStringLiteral("\n"));
    };
    out.stackRules = rulesText(stackRules);
    out.fingerprintRules = rulesText(fingerprintRules);
    if (!out.screenshotDialog.isEmpty() && out.screenshotDialog != QLatin1String("grouping-rules")
        && out.screenshotDialog != QLatin1String("what-if")) {
        std::fprintf(stderr, "stackdeck: --screenshot-dialog takes grouping-rules or what-if\n");
        std::exit(2);
    }
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
    window.resize(options.screenshotSize);
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
    QPixmap pixmap;
    if (!options.screenshotDialog.isEmpty()) {
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
