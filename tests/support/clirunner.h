#pragma once

// Runs stackdeck-cli (the build's own, test::cliPath()) for the CLI suites.

#include "testsupport.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace stackdeck::test {

struct CliRun {
    int exitCode = -1; // -1: it crashed or did not finish
    QByteArray out;
    QByteArray err;
};

// `input` goes to its stdin; `dataHome` (when set) is its XDG_DATA_HOME.
inline CliRun runCli(const QStringList& args, const QByteArray& input = {}, const QString& dataHome = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!dataHome.isEmpty())
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
    p.setProcessEnvironment(env);
    p.start(cliPath(), args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return CliRun {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError()};
}

// A JSON object's keys, sorted.
inline QStringList keysOf(const QJsonObject& o)
{
    QStringList k = o.keys();
    k.sort();
    return k;
}

} // namespace stackdeck::test
