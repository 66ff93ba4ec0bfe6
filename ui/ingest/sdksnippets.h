#pragma once

#include <QString>

namespace stackdeck::ui {

// Set-up lines for the official SDKs pointing at a DSN, as the endpoint panel
// shows them for copying.
QString pythonSnippet(const QString& dsn);
QString javaScriptSnippet(const QString& dsn);

} // namespace stackdeck::ui
