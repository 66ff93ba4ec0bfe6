#include "demodata.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace stackdeck::ui {

DemoFiles extractDemoFiles()
{
    DemoFiles out;
    out.dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/stackdeck-demo-XXXXXX"));
    if (!out.dir->isValid())
        return out;
    // QTemporaryDir creates the folder 0700 already; say so rather than rely on it.
    QFile::setPermissions(out.dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QDirIterator it(QStringLiteral(":/demo/sdk"), QDir::Files);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = out.dir->filePath(QFileInfo(source).fileName());
        if (QFile::copy(source, target)) {
            QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            out.paths << target;
        }
    }
    out.paths.sort();
    return out;
}

} // namespace stackdeck::ui
