#pragma once

#include <QString>

namespace stackdeck::store {

// The workspace the GUI opens and the CLI uses without --db:
// <AppDataLocation>/workspace.stackdeck.
QString defaultWorkspacePath();

// Creates `dir` and any missing parent with mode 0700 (the owner only: a
// workspace's events hold cookies and auth headers). Folders that already
// exist keep their mode. False when a folder cannot be created.
bool makePrivateFolder(const QString& dir);

} // namespace stackdeck::store
