#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace stackdeck::gui {

struct AppOptions {
    QString db; // empty = the workspace open last, else the default one (the demo one with --demo)
    bool demo = false;
    QString screenshot; // PNG to write, then exit
    QSize screenshotSize {1440, 900};
    std::optional<qint64> issue;
    QString pane;
    bool dark = false;
    QString theme; // light | dark | system (overrides the saved choice)
    QString screenshotDialog; // grouping-rules | what-if | export | triage-menu | open-trace | about
    QString project; // the dialog's project
    std::optional<QString> stackRules; // the dialog's texts instead of the stored rules
    std::optional<QString> fingerprintRules;
    QStringList paths;
};

struct ParsedArguments {
    AppOptions options;
    std::optional<int> exitCode; // set: --help, --version or bad arguments were answered; exit with it
};

// Parses `stackdeck [--db FILE] [--demo] [--screenshot OUT.png [--issue ID]
// [--pane NAME] [--dark] [--screenshot-dialog grouping-rules|what-if [--project NAME]
// [--stack-rules TEXT] [--fingerprint-rules TEXT]]] [PATH...]`. Needs no
// display and no application object: --help and --version answer on a
// machine without one.
ParsedArguments parseArguments(const QStringList& arguments);

} // namespace stackdeck::gui
