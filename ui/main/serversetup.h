#pragma once

namespace stackdeck::ui {

class MainWindow;
class ServerController;

// Places the server features in the window: the Server menu (before Help),
// the accounts section at the bottom of the sidebar, the server link in the
// issue header; and keeps them on the window's workspace and current issue.
ServerController* installServer(MainWindow& window);

} // namespace stackdeck::ui
