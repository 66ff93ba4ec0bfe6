#pragma once

#include <QString>

class QWidget;

namespace stackdeck::ui {

// A reindex of the workspace at `path` that was interrupted (killed, or the
// machine went down) leaves a partial issue list. Asks whether to complete it
// now and, if so, runs it off the GUI thread behind a cancellable progress
// dialog. False when the workspace needs no reindex or the user declined or
// cancelled it (the window then says the list is incomplete).
bool offerInterruptedReindex(QWidget* parent, const QString& path);

} // namespace stackdeck::ui
