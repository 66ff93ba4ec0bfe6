#pragma once

#include <QStringList>

namespace stackdeck::ui {

// Copies the bundled demo set (:/demo/sdk/*) into `dir` and returns the file
// paths, sorted, ready for an import.
QStringList extractDemoFiles(const QString& dir);

} // namespace stackdeck::ui
