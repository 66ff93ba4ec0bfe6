#include "options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

#include <cstdio>

namespace stackdeck::gui {

ParsedArguments parseArguments(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Stackdeck: a desktop workbench for Sentry-style error events."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"),
        QStringLiteral("Workspace file to open (created when missing; default: the one open last)."),
        QStringLiteral("FILE"));
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
        QStringLiteral("With --screenshot: render a dialog instead of the window (grouping-rules, what-if, export, "
                       "triage-menu, open-trace, about, redaction-rules; ingest, ingest-live, ingest-inspector, "
                       "ingest-forwarding, ingest-kept: the local endpoint running, the PATHs sent to it; "
                       "forward:PROJECT=DSN sets a project's upstream first)."),
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
    ParsedArguments parsed;
    // Without an application object the parser does not know the program's name.
    const QString program = arguments.isEmpty() ? QStringLiteral("stackdeck") : QFileInfo(arguments.front()).fileName();
    const auto help = [&] { return parser.helpText().replace(QStringLiteral("<executable_name>"), program); };
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "stackdeck: %s\n%s", qPrintable(parser.errorText()), qPrintable(help()));
        parsed.exitCode = 2;
        return parsed;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        std::fputs(qPrintable(help()), stdout);
        parsed.exitCode = 0;
        return parsed;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        // The program's name, as stackdeck-cli does (and help2man reads it for the man page's NAME).
        std::printf("stackdeck %s\n", qPrintable(QCoreApplication::applicationVersion()));
        parsed.exitCode = 0;
        return parsed;
    }
    AppOptions& out = parsed.options;
    out.db = parser.value(db);
    out.demo = parser.isSet(demo);
    out.screenshot = parser.value(shot);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        const int w = wh.size() == 2 ? wh[0].toInt() : 0;
        const int h = wh.size() == 2 ? wh[1].toInt() : 0;
        if (w < 320 || h < 240) {
            std::fprintf(stderr, "stackdeck: --size takes WxH, e.g. 1280x800\n");
            parsed.exitCode = 2;
            return parsed;
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
    const QStringList dialogs {QStringLiteral("grouping-rules"), QStringLiteral("what-if"), QStringLiteral("export"),
        QStringLiteral("triage-menu"), QStringLiteral("open-trace"), QStringLiteral("about"),
        QStringLiteral("redaction-rules")};
    // The local endpoint running with the PATHs sent to it: its panel, the issue list, the envelope inspector.
    const QStringList endpointShots {QStringLiteral("ingest"), QStringLiteral("ingest-live"),
        QStringLiteral("ingest-inspector"), QStringLiteral("ingest-forwarding"), QStringLiteral("ingest-kept")};
    if (!out.screenshotDialog.isEmpty() && !dialogs.contains(out.screenshotDialog)
        && !endpointShots.contains(out.screenshotDialog)) {
        std::fprintf(stderr,
            "stackdeck: --screenshot-dialog takes grouping-rules, what-if, export, triage-menu, open-trace, about, "
            "redaction-rules, ingest, ingest-live, ingest-inspector, ingest-forwarding or ingest-kept\n");
        parsed.exitCode = 2;
        return parsed;
    }
    out.paths = parser.positionalArguments();
    return parsed;
}

} // namespace stackdeck::gui
