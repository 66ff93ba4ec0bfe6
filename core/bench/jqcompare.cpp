#include "jqcompare.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

namespace stackdeck::bench {

JqRun runJq(const std::vector<std::string>& files)
{
    JqRun r;
    const QString jq = QStandardPaths::findExecutable(QStringLiteral("jq"));
    if (jq.isEmpty())
        return r;
    r.found = true;
    QStringList args {QStringLiteral("-c"), QStringLiteral(".event_id")};
    for (const std::string& file : files)
        args << QString::fromStdString(file);
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer t;
    t.start();
    p.start(jq, args);
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        r.error = p.error() == QProcess::FailedToStart
            ? p.errorString().toStdString()
            : QString::fromUtf8(p.readAllStandardError()).trimmed().toStdString();
        return r;
    }
    r.seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    r.ran = true;
    return r;
}

} // namespace stackdeck::bench
