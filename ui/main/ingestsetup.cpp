#include "ingestsetup.h"

#include "import/importreportdialog.h"
#include "ingest/endpointcontroller.h"
#include "ingest/endpointpanel.h"
#include "ingest/endpointstrip.h"
#include "mainwindow.h"
#include "server/servercontroller.h"
#include "server/syncnotifier.h"
#include "sidebar.h"

#include <QAction>
#include <QBoxLayout>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QMenuBar>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabWidget>

namespace stackdeck::ui {

namespace {

QString text(const char* source)
{
    return QCoreApplication::translate("stackdeck::ui::IngestSetup", source);
}

// The window's close stops the endpoint and waits until what it accepted is
// stored and answered (MainWindow's own closeEvent runs after).
class CloseFlush : public QObject {
public:
    CloseFlush(EndpointController* controller, QObject* parent)
        : QObject(parent)
        , m_controller(controller)
    {
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Close)
            m_controller->shutdown();
        return QObject::eventFilter(watched, event);
    }

private:
    EndpointController* m_controller;
};

QMenu* viewMenu(MainWindow& window)
{
    for (QAction* action : window.menuBar()->actions()) {
        if (action->menu() && action->menu()->objectName() == QLatin1String("viewMenu"))
            return action->menu();
    }
    return nullptr;
}

} // namespace

EndpointPanel* installIngest(MainWindow& window)
{
    auto* controller = new EndpointController(&window);
    controller->setObjectName(QStringLiteral("endpointController"));
    auto* panel = new EndpointPanel(controller);
    auto* scroll = new QScrollArea(&window);
    scroll->setObjectName(QStringLiteral("endpointPage"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(panel);

    auto* tabs = qobject_cast<QTabWidget*>(window.centralWidget());
    if (!tabs) { // the traces did not make the tabs
        tabs = new QTabWidget(&window);
        tabs->setDocumentMode(true);
        tabs->addTab(window.takeCentralWidget(), text("Issues"));
        window.setCentralWidget(tabs);
    }
    tabs->addTab(scroll, text("Endpoint"));
    const auto showPanel = [tabs, scroll] { tabs->setCurrentWidget(scroll); };

    auto* strip = new EndpointStrip(controller, window.sidebar());
    if (auto* box = qobject_cast<QBoxLayout*>(window.sidebar()->layout()))
        box->addWidget(strip);
    QObject::connect(strip, &EndpointStrip::toggleRequested, panel, &EndpointPanel::toggle);
    QObject::connect(strip, &EndpointStrip::panelRequested, tabs, showPanel);

    if (QMenu* view = viewMenu(window)) {
        auto* open = new QAction(text("Local &Endpoint"), &window);
        open->setObjectName(QStringLiteral("showEndpoint"));
        open->setStatusTip(text("The local DSN endpoint: its DSN, SDK snippets and what it received"));
        QObject::connect(open, &QAction::triggered, tabs, showPanel);
        view->addAction(open);
    }

    controller->setSession(window.session());
    QObject::connect(&window, &MainWindow::workspaceOpened, controller,
        [controller, &window] { controller->setSession(window.session()); });
    // New events show as they arrive: the lists reload the way an import's batches make them (selection and
    // scroll kept); the controller asks at most once a second.
    QObject::connect(controller, &EndpointController::stored, &window, [&window](qint64, qint64) {
        if (window.session())
            window.refreshAll();
    });
    QObject::connect(controller, &EndpointController::startFailed, &window, [&window](const QString& error) {
        window.statusBar()->showMessage(text("The local endpoint could not start: %1").arg(error), 10000);
    });
    QObject::connect(controller, &EndpointController::rejectionsAdded, &window, [&window](const QStringList& lines) {
        QString message = text("The local endpoint rejected an item: %1").arg(lines.value(0));
        if (lines.size() > 1)
            message += text(" (and %1 more)").arg(lines.size() - 1);
        window.statusBar()->showMessage(message, 10000);
    });
    // Regressions and new issues of the alert searches: the notification a sync raises (#17), rate-limited by
    // the controller; where the desktop has no tray, the status bar says it.
    auto* server = window.findChild<ServerController*>();
    SyncNotifier* notifier = server ? server->notifier() : new SyncNotifier(controller);
    QObject::connect(controller, &EndpointController::alert, &window,
        [&window, notifier](const QString& title, const QString& body) {
            if (!notifier->notify(title, body))
                window.statusBar()->showMessage(text("Local endpoint: %1: %2").arg(title, body), 15000);
        });
    window.installEventFilter(new CloseFlush(controller, controller));
    return panel;
}

} // namespace stackdeck::ui
