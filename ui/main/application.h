#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QApplication;

namespace stackdeck::ui {

struct AppOptions {
    QString db; // empty = the default workspace (or the demo one with --demo)
    bool demo = false;
    QString screenshot; // PNG to write, then exit
    std::optional<qint64> issue;
    QString pane;
    bool dark = false;
    QString theme; // light | dark | system (overrides the saved choice)
    QStringList paths;
};

// Parses `stackdeck [--db FILE] [--demo] [--screenshot OUT.png [--issue ID]
// [--pane NAME] [--dark]] [PATH...]`; exits on --help / bad arguments.
AppOptions parseCommandLine(const QApplication& app);

// Opens the window and runs the event loop (or renders the screenshot).
int runWorkbench(const AppOptions& options);

} // namespace stackdeck::ui
