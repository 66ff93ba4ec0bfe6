#pragma once

namespace stackdeck::ui {

class MainWindow;
class TracesPage;

// Places the trace timelines in the window: the central area becomes two
// tabs, Issues and Traces; View > Open Trace (Ctrl+Shift+T) opens the current
// event's trace with its span selected, and an error marker on the timeline
// opens its event in the Issues tab. Keeps the page on the window's workspace.
TracesPage* installTraces(MainWindow& window);

} // namespace stackdeck::ui
