#pragma once

#include <QString>

namespace stackdeck::store {

// The workspace the GUI opens and the CLI uses without --db:
// <AppDataLocation>/workspace.stackdeck.
QString defaultWorkspacePath();

} // namespace stackdeck::store
