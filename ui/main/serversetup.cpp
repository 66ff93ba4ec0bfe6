#include "serversetup.h"

#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issueheader.h"
#include "issues/issuelistview.h"
#include "mainwindow.h"
#include "server/accountspanel.h"
#include "server/servercontroller.h"
#include "sidebar.h"

#include <QBoxLayout>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolButton>

namespace stackdeck::ui {

ServerController* installServer(MainWindow& window)
{
    auto* server = new ServerController(&window);
    server->setObjectName(QStringLiteral("serverController"));
    QAction* help = nullptr;
    for (QAction* a : window.menuBar()->actions()) {
        if (a->text() == MainWindow::tr("&Help"))
            help = a;
    }
    window.menuBar()->insertMenu(help, server->menu());
    if (auto* box = qobject_cast<QBoxLayout*>(window.sidebar()->layout()))
        box->addWidget(server->accounts());
    window.issueDetail()->header()->addActionWidget(server->linkButton());

    QObject::connect(&window, &MainWindow::workspaceOpened, server, [server, &window] {
        server->setSession(window.session());
        server->setIssue(window.issueList()->currentIssue());
    });
    QObject::connect(window.issueList(), &IssueListView::currentIssueChanged, server, &ServerController::setIssue);
    QObject::connect(server, &ServerController::message, &window,
        [&window](const QString& text) { window.statusBar()->showMessage(text, 10000); });
    QObject::connect(server, &ServerController::workspaceChanged, &window, [&window, server] {
        if (server->accounts()->model()->rowCount() > 0)
            window.issueList()->setWorkspaceEmpty(false); // a sync may have brought the first issues
        window.issueList()->refresh();
        window.sidebar()->refresh();
        window.issueDetail()->refreshIssue();
        server->setIssue(window.issueList()->currentIssue());
    });
    // A project under an account scopes the issue list to it, as the projects section does.
    QObject::connect(server->accounts(), &AccountsPanel::projectChosen, window.sidebar(), &Sidebar::setProject);
    QObject::connect(window.sidebar(), &Sidebar::refreshed, server->accounts(), [server] {
        if (!server->accounts()->isBusy())
            server->accounts()->refresh();
    });
    return server;
}

} // namespace stackdeck::ui
