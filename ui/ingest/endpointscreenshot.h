#pragma once

#include <QPixmap>
#include <QStringList>

namespace stackdeck::ui {

class MainWindow;

// For the GUI's --screenshot-dialog ingest, ingest-live and ingest-inspector:
// starts the window's endpoint on a free port, sends it `files` as an SDK
// would (a .json file to /store/, anything else to /envelope/, over
// 127.0.0.1 with the DSN's key), waits until they are stored and the lists
// refreshed, and renders the Endpoint tab ("ingest"), the Issues tab with
// the new issues ("ingest-live") or the envelope inspector
// ("ingest-inspector", on the envelope with the most items). Null with a
// message on stderr when the endpoint cannot start.
QPixmap grabEndpointScreenshot(MainWindow& window, const QString& mode, const QStringList& files);

} // namespace stackdeck::ui
