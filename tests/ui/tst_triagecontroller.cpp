// Keyboard and bulk triage in the issue list: each key and menu action lands
// in the store, "select all N matching" reaches rows never loaded, one undo
// takes a bulk action back, and the selection and scroll survive an action.
#include "itemmodels/issuelistmodel.h"
#include "store/triageactions.h"
#include "store/workspacesession.h"
#include "testsupport.h"
#include "triage/triagecontroller.h"
#include "triage/triageprogress.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

constexpr int kIssues = 650; // more than six pages of the list: "all matching" must reach unloaded rows

std::shared_ptr<store::WorkspaceSession> syntheticWorkspace(const QString& path)
{
    auto ws = store::WorkspaceSession::open(path.toStdString());
    if (!ws)
        return nullptr;
    auto writer = (*ws)->writer();
    writer->db().exec("INSERT INTO projects(name, created_at) VALUES('p', 0)");
    writer->db().exec("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 650) "
                      "INSERT INTO issues(project_id, primary_hash, title, first_seen, last_seen, event_count, "
                      "level) SELECT 1, 'h' || x, 'issue ' || x, x * 1000000, x * 1000000, x, x % 5 FROM n");
    return std::move(ws).value();
}

store::IssueTriageView triageOf(store::WorkspaceSession& session, IssueId id)
{
    auto reader = session.reader();
    return store::issueTriageView(reader->db(), id).value();
}

} // namespace

class TestTriageController : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    struct Fixture {
        std::shared_ptr<store::WorkspaceSession> session;
        QMainWindow window;
        QTableView* view = nullptr;
        IssueListModel* model = nullptr;
        TriageController* controller = nullptr;
    };

    std::unique_ptr<Fixture> makeFixture()
    {
        auto f = std::make_unique<Fixture>();
        f->session = syntheticWorkspace(m_dir.filePath(QStringLiteral("t%1.stackdeck").arg(++m_n)));
        if (!f->session)
            return nullptr;
        f->view = new QTableView(&f->window);
        f->model = new IssueListModel(f->view);
        // No QAbstractItemModelTester on the issue list here: with a view attached, its own fetchMore
        // calls nest inside the view's paging (tst_models runs it on the model alone). This suite adds no model.
        f->view->setModel(f->model);
        f->view->setSelectionBehavior(QAbstractItemView::SelectRows);
        f->window.setCentralWidget(f->view);
        f->window.resize(800, 600);
        f->model->setSession(f->session);
        f->controller = new TriageController(&f->window);
        f->controller->attach(f->view, IssueListModel::IssueIdRole);
        f->controller->setSession(f->session);
        f->model->waitForCount();
        f->controller->setMatching({}, f->model->totalCount());
        IssueListModel* model = f->model;
        f->controller->setRefresh([model] { model->reload(); });
        return f;
    }

    static bool waitForAction(TriageController* controller)
    {
        QSignalSpy done(controller, &TriageController::actionFinished);
        QSignalSpy failed(controller, &TriageController::actionFailed);
        if (!controller->runner()->isBusy())
            return false;
        return QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, 20000) && failed.isEmpty();
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void keysAndActions_data()
    {
        QTest::addColumn<QString>("how"); // a key to press, or an action's name
        QTest::addColumn<QString>("expect");
        QTest::addRow("e resolves") << QStringLiteral("key:e") << QStringLiteral("resolved");
        QTest::addRow("u unresolves") << QStringLiteral("key:u") << QStringLiteral("unresolved");
        QTest::addRow("b bookmarks") << QStringLiteral("key:b") << QStringLiteral("bookmarked");
        QTest::addRow("ignore forever") << QStringLiteral("ignore:0") << QStringLiteral("ignored");
        QTest::addRow("ignore until 10 more events") << QStringLiteral("ignore:5") << QStringLiteral("ignored+10");
        QTest::addRow("ignore for 30 minutes") << QStringLiteral("ignore:1") << QStringLiteral("ignored+time");
        QTest::addRow("assign") << QStringLiteral("assign:ana") << QStringLiteral("assignee:ana");
        QTest::addRow("resolve in next release") << QStringLiteral("next") << QStringLiteral("resolvedInNextRelease");
        QTest::addRow("resolve in release") << QStringLiteral("release:2.1") << QStringLiteral("resolvedInRelease");
        QTest::addRow("priority high") << QStringLiteral("priority:high") << QStringLiteral("priority:high");
    }
    void keysAndActions()
    {
        QFETCH(QString, how);
        QFETCH(QString, expect);
        auto f = makeFixture();
        QVERIFY(f);
        f->window.show();
        QVERIFY(QTest::qWaitForWindowActive(&f->window));
        f->view->setFocus();
        // Three issues picked with the keyboard: Shift+J twice from the first row.
        f->view->setCurrentIndex(f->model->index(0, 1));
        QTest::keyClick(f->view, Qt::Key_J, Qt::ShiftModifier);
        QTest::keyClick(f->view, Qt::Key_J, Qt::ShiftModifier);
        const auto ids = f->controller->selectedIssues();
        QCOMPARE(ids.size(), std::size_t(3));
        if (expect == QLatin1String("unresolved")) { // something to unresolve first
            f->controller->resolve();
            QVERIFY(waitForAction(f->controller));
        }
        const QString arg = how.section(QLatin1Char(':'), 1);
        if (how.startsWith(QLatin1String("key:")))
            QTest::keyClick(f->view, arg.at(0).toLatin1());
        else if (how.startsWith(QLatin1String("ignore:")))
            f->controller->ignoreMenu()->actions().at(arg.toInt())->trigger();
        else if (how.startsWith(QLatin1String("assign:")))
            f->controller->assign(arg);
        else if (how == QLatin1String("next"))
            f->controller->action(TriageController::ResolveInNextRelease)->trigger();
        else if (how.startsWith(QLatin1String("release:")))
            f->controller->resolveInRelease(arg);
        else if (how.startsWith(QLatin1String("priority:")))
            f->controller->setPriority(triage::parsePriority(arg.toStdString()).value());
        QVERIFY(waitForAction(f->controller));
        for (IssueId id : ids) {
            const auto t = triageOf(*f->session, id);
            if (expect == QLatin1String("bookmarked"))
                QVERIFY(t.bookmarked);
            else if (expect.startsWith(QLatin1String("assignee:")))
                QCOMPARE(QString::fromStdString(t.assignee), expect.section(QLatin1Char(':'), 1));
            else if (expect.startsWith(QLatin1String("priority:")))
                QCOMPARE(t.priority, triage::Priority::High);
            else if (expect == QLatin1String("ignored+10"))
                QCOMPARE(t.state.ignore.moreEvents, std::int64_t(10));
            else if (expect == QLatin1String("ignored+time"))
                QVERIFY(t.state.ignore.untilMicros > 0);
            else
                QCOMPARE(QString::fromUtf8(triage::statusName(t.state.status)), expect.section(QLatin1Char('+'), 0, 0));
        }
        // The fourth issue was not picked.
        QCOMPARE(triageOf(*f->session, f->model->issueAt(3)).state.status, triage::Status::Unresolved);
        QVERIFY(!triageOf(*f->session, f->model->issueAt(3)).bookmarked);
        // Undo is offered and names the action.
        QTRY_VERIFY(f->controller->action(TriageController::Undo)->isEnabled());
    }

    void selectAllMatchingReachesUnloadedRowsAndOneUndoRestoresThem()
    {
        auto f = makeFixture();
        QVERIFY(f);
        const SqlFilter fatal {"i.level = ?", {SqlValue(std::int64_t(4))}};
        f->model->setFilter(fatal, fatal);
        QTRY_VERIFY(!f->model->isCounting());
        f->controller->setMatching(fatal, f->model->totalCount());
        QCOMPARE(f->model->totalCount(), std::int64_t(kIssues / 5));
        QVERIFY(f->model->rowCount() < kIssues / 5); // the rest was never loaded
        QVERIFY(f->controller->action(TriageController::SelectAllMatching)->text().contains(QStringLiteral("130")));
        f->controller->action(TriageController::SelectAllMatching)->trigger();
        QVERIFY(f->controller->allMatchingSelected());
        QCOMPARE(f->controller->selectionCount(), qint64(kIssues / 5));
        TriageProgress progress(f->controller->runner());
        QSignalSpy progressed(f->controller->runner(), &TriageRunner::progress);
        f->controller->resolve();
        QVERIFY(progress.isVisible() || !progress.isHidden());
        QVERIFY(waitForAction(f->controller));
        QVERIFY(!progressed.isEmpty());
        QVERIFY(progress.text().contains(QStringLiteral("130")));
        {
            auto reader = f->session->reader();
            const SqlFilter resolved {"i.status = ?", {SqlValue(std::int64_t(1))}};
            QCOMPARE(store::countIssues(reader->db(), resolved), std::int64_t(kIssues / 5));
        }
        QVERIFY(f->controller->allMatchingSelected()); // the selection survives the action
        QTRY_VERIFY(f->controller->action(TriageController::Undo)->isEnabled());
        QTest::qWait(0);
        f->controller->undo();
        QVERIFY(waitForAction(f->controller));
        auto reader = f->session->reader();
        const SqlFilter resolved {"i.status = ?", {SqlValue(std::int64_t(1))}};
        QCOMPARE(store::countIssues(reader->db(), resolved), std::int64_t(0));
    }

    void selectionAndScrollSurviveAnAction()
    {
        auto f = makeFixture();
        QVERIFY(f);
        f->window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f->window));
        f->view->setCurrentIndex(f->model->index(40, 1));
        f->view->selectionModel()->select(
            f->model->index(40, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        f->view->selectionModel()->select(
            f->model->index(45, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        f->view->scrollTo(f->model->index(45, 0));
        const int scroll = f->view->verticalScrollBar()->value();
        QVERIFY(scroll > 0);
        const auto before = f->controller->selectedIssues();
        QCOMPARE(before.size(), std::size_t(2));
        f->controller->assign(QStringLiteral("bo"));
        QVERIFY(waitForAction(f->controller));
        QCOMPARE(f->controller->selectedIssues(), before);
        QCOMPARE(f->view->verticalScrollBar()->value(), scroll);
        QCOMPARE(f->model->issueAt(f->view->currentIndex().row()), f->model->issueAt(40));
    }

    void toggleAndMenuState_data()
    {
        QTest::addColumn<int>("picked");
        QTest::addColumn<bool>("merge");
        QTest::addColumn<bool>("unmerge");
        QTest::addRow("one issue: unmerge only") << 1 << false << true;
        QTest::addRow("two issues: merge") << 2 << true << false;
        QTest::addRow("three issues: merge") << 3 << true << false;
    }
    void toggleAndMenuState()
    {
        QFETCH(int, picked);
        QFETCH(bool, merge);
        QFETCH(bool, unmerge);
        auto f = makeFixture();
        QVERIFY(f);
        f->window.show();
        QVERIFY(QTest::qWaitForWindowActive(&f->window));
        f->view->setFocus();
        f->view->setCurrentIndex(f->model->index(10, 1));
        for (int i = 1; i < picked; ++i) {
            // x adds the row the cursor is on; Ctrl+Down moves the cursor without selecting.
            QTest::keyClick(f->view, Qt::Key_Down, Qt::ControlModifier);
            QTest::keyClick(f->view, Qt::Key_X);
        }
        QCOMPARE(f->controller->selectionCount(), qint64(picked));
        QCOMPARE(f->controller->action(TriageController::Merge)->isEnabled(), merge);
        QCOMPARE(f->controller->action(TriageController::Unmerge)->isEnabled(), unmerge);
        QVERIFY(f->controller->menu()->actions().contains(f->controller->action(TriageController::Resolve)));
        // x again takes the current row out; with nothing selected, the current row is what an action covers.
        QTest::keyClick(f->view, Qt::Key_X);
        QCOMPARE(f->view->selectionModel()->selectedRows().size(), picked - 1);
        QCOMPARE(f->controller->selectionCount(), qint64(std::max(picked - 1, 1)));
    }
};

QTEST_MAIN(TestTriageController)
#include "tst_triagecontroller.moc"
