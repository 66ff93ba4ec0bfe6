#include "demodata.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace stackdeck::ui {

QStringList extractDemoFiles(const QString& dir)
{
    QStringList out;
    QDir().mkpath(dir);
    QDirIterator it(QStringLiteral(":/demo/sdk"), QDir::Files);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = QDir(dir).filePath(QFileInfo(source).fileName());
        QFile::remove(target);
        if (QFile::copy(source, target)) {
            QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            out << target;
        }
    }
    out.sort();
    return out;
}

} // namespace stackdeck::ui
