#pragma once

#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace stackdeck::ui {

// The bundled demo set, unpacked for an import. The folder is a new private
// temporary directory (0700, an unpredictable name): a fixed shared path in
// /tmp would let another user plant or read the files. It and the files are
// removed when `dir` is destroyed, so keep it until the import has read them.
struct DemoFiles {
    std::unique_ptr<QTemporaryDir> dir;
    QStringList paths; // sorted; empty when the folder could not be created
};

DemoFiles extractDemoFiles();

} // namespace stackdeck::ui
