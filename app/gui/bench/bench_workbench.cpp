#include "generate.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("generate"), QStringLiteral("Build a synthetic workspace"), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("events"), QStringLiteral("Events to generate"), QStringLiteral("N"),
        QStringLiteral("1000000")});
    parser.addHelpOption();
    parser.process(app);
    if (parser.isSet(QStringLiteral("generate")))
        return stackdeck::bench::generateWorkspace(
                   parser.value(QStringLiteral("generate")), parser.value(QStringLiteral("events")).toLongLong())
            ? 0
            : 1;
    return 0;
}
