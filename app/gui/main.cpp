#include "options.h"
#include "workbench.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Stackdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("Stackdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STACKDECK_VERSION));
    // The arguments are read before the QApplication exists, which needs a
    // display: --help, --version and a mistyped option answer without one.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const stackdeck::gui::ParsedArguments parsed = stackdeck::gui::parseArguments(arguments);
    if (parsed.exitCode)
        return *parsed.exitCode;

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("io.stackdeck.Stackdeck"));
    return stackdeck::gui::runWorkbench(parsed.options);
}
