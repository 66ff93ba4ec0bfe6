// Menus, shortcuts and persisted settings of the main window.
#include "aboutdialog.h"
#include "common/messagebox.h"
#include "common/plaintext.h"
#include "event/eventview.h"
#include "import/importcontroller.h"
#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "mainwindow.h"
#include "rules/rulesdialog.h"
#include "sidebar.h"
#include "store/workspace.h"

#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

namespace stackdeck::ui {

QAction* MainWindow::addAction(
    QMenu* menu, const QString& name, const QString& text, const QKeySequence& key, auto slot, const QString& icon)
{
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    if (!key.isEmpty()) {
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
    }
    if (!icon.isEmpty())
        a->setIcon(QIcon(QStringLiteral(":/icons/") + icon + QStringLiteral(".svg")));
    connect(a, &QAction::triggered, this, slot);
    menu->addAction(a);
    QMainWindow::addAction(a); // shortcuts work with the menu bar hidden too
    return a;
}

QAction* MainWindow::action(const QString& objectName) const
{
    return findChild<QAction*>(objectName);
}

void MainWindow::buildActions() { }

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    addAction(
        file, QStringLiteral("actionImport"), tr(("&Import files…")), QKeySequence::Open, [this] { chooseFiles(); },
        QStringLiteral("import"));
    addAction(
        file, QStringLiteral("actionOpenWorkspace"), tr(("Open &workspace…")),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this] { chooseWorkspace(); }, QStringLiteral("open"));
    addAction(
        file, QStringLiteral("actionDemo"), tr(("Open the &demo workspace")), {}, [this] { openDemoWorkspace(); },
        QStringLiteral("demo"));
    m_recentMenu = file->addMenu(tr("Import &recent"));
    updateRecentMenu();
    file->addSeparator();
    addAction(
        file, QStringLiteral("actionCancelImport"), tr(("&Cancel import")), {}, [this] { m_import->cancel(); },
        QStringLiteral("cancel"));
    file->addSeparator();
    addAction(file, QStringLiteral("actionQuit"), tr(("&Quit")), QKeySequence::Quit, [this] { close(); });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    addAction(
        view, QStringLiteral("actionRefresh"), tr(("&Refresh")), QKeySequence(Qt::Key_F5), [this] { refreshAll(); },
        QStringLiteral("refresh"));
    addAction(
        view, QStringLiteral("actionSearch"), tr(("&Search issues")), QKeySequence(Qt::Key_Slash),
        [this] { m_list->focusSearch(); }, QStringLiteral("search"));
    addAction(view, QStringLiteral("actionFind"), tr(("&Find in pane")), QKeySequence::Find,
        [this] { m_detail->eventView()->activateFind(); });
    view->addSeparator();
    QMenu* theme = view->addMenu(tr("&Theme"));
    auto* group = new QActionGroup(this);
    for (ThemeMode mode : {ThemeMode::System, ThemeMode::Light, ThemeMode::Dark}) {
        const QString label = mode == ThemeMode::System ? tr("&System")
            : mode == ThemeMode::Light                  ? tr("&Light")
                                                        : tr("&Dark");
        QAction* a = addAction(
            theme, QStringLiteral("actionTheme_") + themeName(mode), label, {}, [this, mode] { setTheme(mode); });
        a->setCheckable(true);
        a->setChecked(mode == m_theme);
        group->addAction(a);
    }
    QAction* below = addAction(view, QStringLiteral("actionDetailBelow"), tr("Issue detail &below the list"), {},
        [this] { setDetailBelow(!m_detailBelow); });
    below->setCheckable(true);

    QMenu* project = menuBar()->addMenu(tr("&Project"));
    addAction(
        project, QStringLiteral("actionGroupingRules"), tr(("&Grouping rules…")), {}, [this] { openGroupingRules(); });

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    addAction(go, QStringLiteral("actionNextIssue"), tr(("&Next issue")), QKeySequence(Qt::Key_J),
        [this] { m_list->moveSelection(1); });
    addAction(go, QStringLiteral("actionPreviousIssue"), tr(("&Previous issue")), QKeySequence(Qt::Key_K),
        [this] { m_list->moveSelection(-1); });
    addAction(go, QStringLiteral("actionOpenIssue"), tr(("&Open issue")), QKeySequence(Qt::Key_Return), [this] {
        if (m_list->currentIssue().isValid())
            m_detail->eventView()->setFocus(Qt::ShortcutFocusReason);
    });
    go->addSeparator();
    addAction(
        go, QStringLiteral("actionOlderEvent"), tr(("Ol&der event")), QKeySequence(Qt::Key_BracketLeft),
        [this] { m_detail->stepEvent(EventStep::Previous); }, QStringLiteral("previous"));
    addAction(
        go, QStringLiteral("actionNewerEvent"), tr(("Ne&wer event")), QKeySequence(Qt::Key_BracketRight),
        [this] { m_detail->stepEvent(EventStep::Next); }, QStringLiteral("next"));
    addAction(
        go, QStringLiteral("actionOldestEvent"), tr(("O&ldest event")), QKeySequence(Qt::SHIFT | Qt::Key_BraceLeft),
        [this] { m_detail->stepEvent(EventStep::Oldest); }, QStringLiteral("first"));
    addAction(
        go, QStringLiteral("actionLatestEvent"), tr(("L&atest event")), QKeySequence(Qt::SHIFT | Qt::Key_BraceRight),
        [this] { m_detail->stepEvent(EventStep::Latest); }, QStringLiteral("last"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    addAction(help, QStringLiteral("actionShortcuts"), tr(("&Keyboard shortcuts")), QKeySequence::HelpContents, [this] {
        informPlain(this, tr("Keyboard shortcuts"),
            QStringLiteral("j / k or ↓ / ↑\tnext / previous issue\nEnter\topen the issue\n[ / ]\tolder / newer event\n"
                           "{ / }\toldest / latest event\n/\tsearch issues\nCtrl+F\tfind in the pane\nF5\trefresh\n"
                           "Ctrl+O\timport files"));
    });
    addAction(help, QStringLiteral("actionAbout"), tr(("&About Stackdeck")), {}, [this] {
        AboutDialog about(m_path, m_session, this);
        about.exec();
    });

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(16, 16));
    for (const char* name : {"actionImport", "actionRefresh", "actionSearch"})
        bar->addAction(action(QString::fromLatin1(name)));
    bar->addSeparator();
    for (const char* name : {"actionOlderEvent", "actionNewerEvent"})
        bar->addAction(action(QString::fromLatin1(name)));
}

RulesDialog* MainWindow::openGroupingRules(const QString& project)
{
    if (!m_session)
        return nullptr;
    if (m_rules)
        m_rules->deleteLater();
    m_rules = new RulesDialog(m_session, this);
    m_rules->setAttribute(Qt::WA_DeleteOnClose);
    m_rules->setInteractive(m_interactive);
    const QString name = project.isEmpty() ? QString::fromStdString(m_detail->currentIssue().projectName) : project;
    if (!name.isEmpty() && m_rules->projectBox()->findText(name) >= 0)
        m_rules->setProject(name);
    auto regroupShown = [this] {
        // The grouping pane groups the shown event again with the new rules.
        if (const auto event = m_detail->eventView()->event())
            m_detail->eventView()->setEvent(event);
    };
    connect(m_rules, &RulesDialog::saved, this, regroupShown);
    connect(m_rules, &RulesDialog::regrouped, this, [this, regroupShown] {
        refreshAll();
        regroupShown();
    });
    if (m_interactive)
        m_rules->show();
    return m_rules;
}

void MainWindow::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Import event files"), QString(),
        tr("Sentry events (*.json *.jsonl *.ndjson *.envelope *.txt);;All files (*)"));
    importFiles(paths);
}

void MainWindow::chooseWorkspace()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Open or create a workspace"), m_path,
        tr("Stackdeck workspaces (*.stackdeck);;All files (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::addRecent(const QStringList& paths)
{
    QSettings s;
    QStringList recent = s.value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& p : paths) {
        const QString abs = QFileInfo(p).absoluteFilePath();
        if (abs.contains(QLatin1String("stackdeck-demo")))
            continue;
        recent.removeAll(abs);
        recent.prepend(abs);
    }
    while (recent.size() > 10)
        recent.removeLast();
    s.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& p : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(p).fileName());
        a->setToolTip(plainToolTip(p)); // a path is data too: "<b>.json" stays literal
        connect(a, &QAction::triggered, this, [this, p] { importFiles({p}); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::setTheme(ThemeMode mode)
{
    m_theme = mode;
    applyTheme(mode);
    if (QAction* a = action(QStringLiteral("actionTheme_") + themeName(mode)))
        a->setChecked(true);
    QSettings().setValue(QStringLiteral("theme"), themeName(mode));
}

void MainWindow::setDetailBelow(bool below)
{
    m_detailBelow = below;
    m_right->setOrientation(below ? Qt::Vertical : Qt::Horizontal);
    if (QAction* a = action(QStringLiteral("actionDetailBelow")))
        a->setChecked(below);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/split"), m_split->saveState());
    s.setValue(QStringLiteral("window/right"), m_right->saveState());
    s.setValue(QStringLiteral("window/detailBelow"), m_detailBelow);
    s.setValue(QStringLiteral("issues/header"), m_list->saveHeaderState());
    s.setValue(QStringLiteral("theme"), themeName(m_theme));
}

QSize MainWindow::firstStartSize(const QSize& available)
{
    const auto side = [](int avail, int lowest, int highest) {
        return std::min(avail, std::clamp(avail * 4 / 5, lowest, highest));
    };
    return {side(available.width(), 960, 1920), side(available.height(), 600, 1200)};
}

void MainWindow::applyDefaultLayout(const QSize& size)
{
    resize(size);
    const int handles = m_split->handleWidth() + m_right->handleWidth();
    const int sidebar = std::clamp(size.width() * 16 / 100, std::max(170, m_sidebar->minimumWidth()), 240);
    const int rest = std::max(0, size.width() - sidebar - handles);
    // The list takes a little over half of the rest: titles need the room, the event panes wrap.
    const int list = std::max(m_list->minimumWidth(), std::min(rest * 53 / 100, rest - m_detail->minimumWidth()));
    m_split->setSizes({sidebar, rest});
    m_right->setSizes({list, std::max(0, rest - list)});
}

void MainWindow::restoreSettings()
{
    QSettings s;
    const QByteArray geometry = s.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QScreen* screen = QGuiApplication::primaryScreen();
        const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1280, 800);
        applyDefaultLayout(firstStartSize(available.size()));
        move(available.center() - rect().center());
    }
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    setDetailBelow(s.value(QStringLiteral("window/detailBelow"), false).toBool());
    m_split->restoreState(s.value(QStringLiteral("window/split")).toByteArray());
    m_right->restoreState(s.value(QStringLiteral("window/right")).toByteArray());
    m_list->restoreHeaderState(s.value(QStringLiteral("issues/header")).toByteArray());
    m_theme = themeFromName(s.value(QStringLiteral("theme")).toString());
    if (QAction* a = action(QStringLiteral("actionTheme_") + themeName(m_theme)))
        a->setChecked(true);
}

} // namespace stackdeck::ui
