#include "defaultworkspace.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace stackdeck::store {

QString defaultWorkspacePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("workspace.stackdeck"));
}

bool makePrivateFolder(const QString& dir)
{
    const QString path = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    if (QFileInfo(path).isDir())
        return true;
    const QString parent = QFileInfo(path).absolutePath();
    if (parent != path && !makePrivateFolder(parent))
        return false;
    // QDir::mkdir with permissions creates the folder with exactly these bits
    // (no window in which it is readable by others), whatever the umask.
    return QDir().mkdir(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)
        || QFileInfo(path).isDir();
}

} // namespace stackdeck::store
