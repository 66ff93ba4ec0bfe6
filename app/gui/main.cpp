#include "main/application.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Stackdeck"));
    QApplication::setApplicationName(QStringLiteral("Stackdeck"));
    QApplication::setApplicationVersion(QStringLiteral(STACKDECK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.stackdeck.Stackdeck"));
    const auto options = stackdeck::ui::parseCommandLine(app);
    return stackdeck::ui::runWorkbench(options);
}
