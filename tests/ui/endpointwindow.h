#pragma once

// A main window with its local DSN endpoint, for the UI tests of the endpoint
// (tst_ingestpanel, tst_ingestalerts).

#include "ingest/endpointcontroller.h"
#include "ingest/endpointpanel.h"
#include "main/mainwindow.h"

#include <QLineEdit>
#include <QPushButton>
#include <QString>
#include <QTest>

#include <memory>

namespace stackdeck::test {

struct EndpointWindow {
    std::unique_ptr<ui::MainWindow> window;
    ui::EndpointPanel* panel = nullptr; // null when the workspace did not open
    ui::EndpointController* controller = nullptr;
    QString dsn; // empty until the endpoint runs
};

// A shown, non-interactive 1280x800 window on the workspace `path`; with
// `start`, its endpoint started from the panel on a free port (the DSN stays
// empty when it is not running within 10 s).
inline EndpointWindow openEndpointWindow(const QString& path, bool start = true)
{
    EndpointWindow r;
    r.window = std::make_unique<ui::MainWindow>();
    r.window->setInteractive(false);
    r.window->resize(1280, 800);
    r.window->show();
    if (!r.window->openWorkspace(path))
        return r;
    r.panel = r.window->findChild<ui::EndpointPanel*>();
    r.controller = r.window->findChild<ui::EndpointController*>(QStringLiteral("endpointController"));
    if (!r.panel || !r.controller || !start)
        return r;
    r.panel->setPort(0);
    r.panel->startButton()->click();
    if (QTest::qWaitFor([&] { return r.controller->isRunning(); }, 10'000))
        r.dsn = r.panel->dsnField()->text();
    return r;
}

} // namespace stackdeck::test
