#pragma once

#include "options.h"

namespace stackdeck::gui {

// Opens the window on the chosen workspace and runs the event loop, or, with
// --screenshot, renders the window (or a dialog) to a PNG and returns.
int runWorkbench(const AppOptions& options);

} // namespace stackdeck::gui
