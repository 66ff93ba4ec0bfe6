#pragma once

namespace stackdeck::ui {

class MainWindow;
class EndpointPanel;

// Places the local DSN endpoint (issue #19) in the window: its section at the
// bottom of the sidebar (Start / Stop, state, Open), its panel as the
// "Endpoint" tab, View > Local Endpoint; keeps it on the window's workspace;
// refreshes the window's lists as events are stored (as an import's batches
// do, at most once a second); and stops it when the window closes, waiting
// until what it received is stored.
EndpointPanel* installIngest(MainWindow& window);

} // namespace stackdeck::ui
