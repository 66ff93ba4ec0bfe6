#include "defaultworkspace.h"

#include <QDir>
#include <QStandardPaths>

namespace stackdeck::store {

QString defaultWorkspacePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("workspace.stackdeck"));
}

} // namespace stackdeck::store
