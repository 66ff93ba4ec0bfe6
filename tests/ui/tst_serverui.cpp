// The server GUI against the fake Sentry: the connect dialog's test (and the
// client's actionable errors), the accounts section with its sync, progress,
// cancel and offline marker, the outbox diff (drop, push), the conflict
// dialog, the issue header's permalink, and the token kept out of settings
// and of everything the window wrote.

#include "../core/fakesentry.h"
#include "import/importreportdialog.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"
#include "main/theme.h"
#include "server/accountspanel.h"
#include "server/conflictdialog.h"
#include "server/connectdialog.h"
#include "server/outboxdialog.h"
#include "server/pullsync.h"
#include "server/servercontroller.h"
#include "server/serverjobs.h"
#include "server/syncnotifier.h"
#include "server/syncrunner.h"
#include "store/outbox.h"
#include "store/savedsearches.h"
#include "store/triageactions.h"
#include "store/workspace.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace stackdeck;

namespace {

server::ClientOptions fastOptions(int delayMs = 1)
{
    server::ClientOptions o;
    o.delayFilter = [delayMs](int) { return delayMs; };
    o.transferTimeoutMs = 5000;
    return o;
}

store::ServerAccount addAccount(
    const std::shared_ptr<store::WorkspaceSession>& session, const QString& name, const QString& url)
{
    store::ServerAccount a;
    a.name = name.toStdString();
    a.baseUrl = url.toStdString();
    a.organization = "acme";
    auto id = ui::addServerAccount(session, a);
    a.id = id ? *id : 0;
    return a;
}

// With STACKDECK_SHOTS_DIR set, saves the widget in the light and the dark theme (NAME-light.png, NAME-dark.png).
void shoot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("STACKDECK_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    for (const auto mode : {ui::ThemeMode::Light, ui::ThemeMode::Dark}) {
        ui::applyTheme(mode);
        widget->show();
        QApplication::processEvents();
        widget->grab().save(QDir(dir).filePath(name + QLatin1Char('-') + ui::themeName(mode) + QStringLiteral(".png")));
    }
    ui::applyTheme(ui::ThemeMode::Light);
}

ui::ServerJobOutcome waitOutcome(ui::SyncRunner& runner)
{
    QSignalSpy spy(&runner, &ui::SyncRunner::finished);
    if (!spy.wait(30000))
        return {};
    return spy.takeFirst().at(0).value<ui::ServerJobOutcome>();
}

} // namespace

class TestServerUi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void connectDialog_data();
    void connectDialog();
    void syncFromPanel();
    void cancelSync();
    void offlineMarker();
    void outboxDropPushConflict();
    void windowLinkAndTokenNotWritten();
    void alertOncePerSync();

private:
    QTemporaryDir m_home;
};

void TestServerUi::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Settings go to the temporary HOME, which the last test greps for the token.
    qputenv("HOME", m_home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral(".config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral(".local/share")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_home.filePath(QStringLiteral(".cache")).toUtf8());
    qputenv("STACKDECK_NO_KEYCHAIN", "1");
    qunsetenv("SENTRY_AUTH_TOKEN");
    QCoreApplication::setOrganizationName(QStringLiteral("StackdeckTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_serverui"));
}

void TestServerUi::connectDialog_data()
{
    QTest::addColumn<QString>("org");
    QTest::addColumn<bool>("badToken");
    QTest::addColumn<int>("forcedStatus");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("says");
    QTest::newRow("connected") << QStringLiteral("acme") << false << 0 << true << QStringLiteral("1 project");
    QTest::newRow("bad token") << QStringLiteral("acme") << true << 0 << false << QStringLiteral("401");
    QTest::newRow("unknown organization")
        << QStringLiteral("nope") << false << 0 << false << QStringLiteral("organization slug");
    QTest::newRow("missing scope") << QStringLiteral("acme") << false << 403 << false << QStringLiteral("403");
}

void TestServerUi::connectDialog()
{
    QFETCH(QString, org);
    QFETCH(bool, badToken);
    QFETCH(int, forcedStatus);
    QFETCH(bool, ok);
    QFETCH(QString, says);
    FakeSentry fake;
    fake.issues = 2;
    fake.forcedStatus = forcedStatus;
    const quint16 port = fake.start();
    QVERIFY(port > 0);
    ui::ConnectDialog dialog;
    dialog.setClientOptions(fastOptions());
    QCOMPARE(dialog.tokenEdit()->echoMode(), QLineEdit::Password);
    QVERIFY(dialog.presetBox()->count() >= 5);
    dialog.presetBox()->setCurrentIndex(3); // self-hosted: the URL is typed
    QVERIFY(!dialog.urlEdit()->isReadOnly());
    dialog.urlEdit()->setText(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    dialog.orgEdit()->setText(org);
    QVERIFY(!dialog.testButton()->isEnabled()); // no token yet
    dialog.tokenEdit()->setText(QString::fromLatin1(badToken ? QByteArray("wrong") : fake.token));
    QVERIFY(dialog.testButton()->isEnabled());
    QCOMPARE(QString::fromStdString(dialog.account().baseUrl), QStringLiteral("http://127.0.0.1:%1").arg(port));
    QSignalSpy tested(&dialog, &ui::ConnectDialog::tested);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QVERIFY(dialog.isTesting());
    QVERIFY(tested.wait(20000));
    QCOMPARE(tested.at(0).at(0).toBool(), ok);
    QVERIFY2(dialog.resultText().contains(says), qPrintable(dialog.resultText()));
    QVERIFY(!dialog.resultText().contains(QString::fromLatin1(fake.token)));
    if (ok)
        shoot(&dialog, QStringLiteral("connect-dialog"));
}

void TestServerUi::syncFromPanel()
{
    FakeSentry fake;
    fake.issues = 30;
    const quint16 port = fake.start();
    QTemporaryDir dir;
    auto session = test::openSession(dir.filePath(QStringLiteral("ws.db")));
    QVERIFY(session);
    const auto account
        = addAccount(session, QStringLiteral("acme@fake"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    QVERIFY(account.id > 0);
    ui::rememberToken(account, fake.token);
    ui::SyncRunner runner;
    runner.setClientOptions(fastOptions());
    ui::AccountsPanel panel(&runner);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy refreshed(&panel, &ui::AccountsPanel::refreshed);
    panel.setSession(session);
    QVERIFY(refreshed.wait());
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->index(0, ui::AccountModel::StateColumn).data().toString(), QStringLiteral("never synced"));
    QSignalSpy progress(&runner, &ui::SyncRunner::progress);
    QSignalSpy finished(&runner, &ui::SyncRunner::finished);
    QVERIFY(panel.sync());
    QVERIFY(!panel.sync()); // one at a time
    QVERIFY(finished.wait(30000));
    const auto outcome = finished.at(0).at(0).value<ui::ServerJobOutcome>();
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QVERIFY(outcome.message.contains(QStringLiteral("30 issues")));
    QVERIFY(progress.count() >= 1); // at least the issue page
    QVERIFY(refreshed.wait());
    const QString state = panel.model()->index(0, ui::AccountModel::StateColumn).data().toString();
    QVERIFY2(state != QStringLiteral("never synced") && state != QStringLiteral("offline"), qPrintable(state));
    QVERIFY(!panel.model()->index(0, 0).data(ui::AccountModel::OfflineRole).toBool());
    // Under the account, its project with its server issues; choosing it scopes the list to it.
    const QModelIndex accountRow = panel.model()->index(0, 0);
    QCOMPARE(panel.model()->rowCount(accountRow), 1);
    const QModelIndex project = panel.model()->index(0, 0, accountRow);
    QCOMPARE(project.data().toString(), QStringLiteral("backend"));
    QCOMPARE(
        panel.model()->index(0, ui::AccountModel::StateColumn, accountRow).data().toString(), QStringLiteral("30"));
    QCOMPARE(project.data(ui::AccountModel::AccountIdRole).toLongLong(), account.id);
    QSignalSpy chosen(&panel, &ui::AccountsPanel::projectChosen);
    panel.view()->setCurrentIndex(project);
    QCOMPARE(panel.selectedAccount(), account.id);
    Q_EMIT panel.view()->clicked(project);
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).value<ProjectId>().value, project.data(ui::AccountModel::ProjectIdRole).toLongLong());
    QVERIFY2(fake.violations.isEmpty(), qPrintable(fake.violations.join(u'\n')));
}

void TestServerUi::cancelSync()
{
    FakeSentry fake;
    fake.issues = 5;
    fake.forced = FakeSentry::Failure::ServerError; // every request retried, each wait 300 ms
    const quint16 port = fake.start();
    QTemporaryDir dir;
    auto session = test::openSession(dir.filePath(QStringLiteral("ws.db")));
    const auto account = addAccount(session, QStringLiteral("slow"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    ui::rememberToken(account, fake.token);
    ui::SyncRunner runner;
    runner.setClientOptions(fastOptions(300));
    ui::AccountsPanel panel(&runner);
    QSignalSpy refreshed(&panel, &ui::AccountsPanel::refreshed);
    panel.setSession(session);
    QVERIFY(refreshed.wait());
    QVERIFY(panel.sync(account.id));
    QVERIFY(runner.isBusy());
    QVERIFY(panel.cancelButton()->isEnabled());
    QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
    const auto outcome = waitOutcome(runner);
    QVERIFY(outcome.cancelled);
    QVERIFY(!outcome.ok);
    QVERIFY(!runner.isBusy());
    QVERIFY(!panel.model()->isOffline(account.id));
}

void TestServerUi::offlineMarker()
{
    quint16 port = 0;
    {
        FakeSentry gone; // a port that was just free: nothing listens there any more
        port = gone.start();
    }
    QTemporaryDir dir;
    auto session = test::openSession(dir.filePath(QStringLiteral("ws.db")));
    const auto account = addAccount(session, QStringLiteral("away"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    ui::rememberToken(account, "some-token");
    ui::SyncRunner runner;
    server::ClientOptions o = fastOptions();
    o.maxAttempts = 2;
    runner.setClientOptions(o);
    ui::AccountsPanel panel(&runner);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy refreshed(&panel, &ui::AccountsPanel::refreshed);
    panel.setSession(session);
    QVERIFY(refreshed.wait());
    QVERIFY(panel.sync(account.id));
    const auto outcome = waitOutcome(runner);
    QVERIFY(outcome.offline);
    QVERIFY(!outcome.message.isEmpty());
    QVERIFY(panel.model()->isOffline(account.id));
    QCOMPARE(panel.model()->index(0, ui::AccountModel::StateColumn).data().toString(), QStringLiteral("offline"));
}

void TestServerUi::outboxDropPushConflict()
{
    FakeSentry fake;
    fake.issues = 3;
    const quint16 port = fake.start();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ws.db"));
    auto session = test::openSession(path);
    const auto account = addAccount(session, QStringLiteral("acme"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    ui::rememberToken(account, fake.token);
    server::PullOptions pull;
    pull.client = fastOptions();
    QVERIFY(server::pullAccount(path.toStdString(), account, fake.token, pull).ok());
    {
        auto writer = session->writer();
        QVERIFY(writer.ok());
        sql::Database& db = writer->db();
        std::vector<IssueId> ids;
        sql::Statement st(db, "SELECT issue_id FROM server_issues ORDER BY CAST(server_id AS INTEGER)");
        while (st.step())
            ids.emplace_back(st.int64(0));
        QCOMPARE(ids.size(), std::size_t(3));
        store::TriageChange resolve;
        resolve.status = triage::Status::Resolved;
        QVERIFY(store::applyTriage(db, {ids[0], ids[1]}, resolve).ok());
        store::TriageChange bookmark;
        bookmark.bookmarked = true;
        QVERIFY(store::applyTriage(db, {ids[2]}, bookmark).ok());
    }
    fake.state[1].status = QStringLiteral("ignored"); // a teammate, between pull and push

    ui::SyncRunner runner;
    runner.setClientOptions(fastOptions());
    ui::OutboxDialog dialog(session, &runner);
    dialog.setInteractive(false);
    QAbstractItemModelTester tester(dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reloaded(&dialog, &ui::OutboxDialog::reloaded);
    QVERIFY(reloaded.wait());
    QCOMPARE(dialog.model()->rowCount(), 3);
    // The diff: issue, field, before -> after.
    auto* m = dialog.model();
    QCOMPARE(m->index(0, ui::OutboxModel::IssueColumn).data().toString(), QStringLiteral("BACKEND-1"));
    QCOMPARE(m->index(0, ui::OutboxModel::FieldColumn).data().toString(), QStringLiteral("status"));
    QCOMPARE(m->index(0, ui::OutboxModel::BeforeColumn).data().toString(), QStringLiteral("unresolved"));
    QCOMPARE(m->index(0, ui::OutboxModel::AfterColumn).data().toString(), QStringLiteral("→ resolved"));
    QCOMPARE(m->index(2, ui::OutboxModel::FieldColumn).data().toString(), QStringLiteral("isBookmarked"));

    // Drop the bookmark.
    dialog.view()->selectRow(2);
    dialog.dropSelected();
    QVERIFY(reloaded.wait());
    QCOMPARE(dialog.model()->rowCount(), 2);

    // Push: issue 2 goes, issue 1 is a conflict (the teammate ignored it).
    QSignalSpy finished(&runner, &ui::SyncRunner::finished);
    QVERIFY(dialog.pushButton()->isEnabled());
    QTest::mouseClick(dialog.pushButton(), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    const auto outcome = finished.at(0).at(0).value<ui::ServerJobOutcome>();
    QCOMPARE(outcome.conflicts, 1);
    QVERIFY(reloaded.wait());
    QCOMPARE(dialog.model()->rowCount(), 1);
    QVERIFY(m->index(0, 0).data(ui::OutboxModel::ConflictRole).toBool());
    QVERIFY(m->index(0, ui::OutboxModel::StateColumn).data().toString().contains(QStringLiteral("ignored")));
    QCOMPARE(fake.state[2].status, QStringLiteral("resolved"));
    QCOMPARE(fake.state[1].status, QStringLiteral("ignored"));
    QVERIFY(!fake.state[3].bookmarked);

    dialog.view()->selectRow(0);
    shoot(&dialog, QStringLiteral("outbox-diff-conflict"));
    // The conflict dialog: keep mine, then push again.
    ui::ConflictDialog conflict(m->rowAt(0));
    shoot(&conflict, QStringLiteral("conflict-dialog"));
    QTest::mouseClick(conflict.keepMineButton(), Qt::LeftButton);
    QCOMPARE(conflict.result(), int(QDialog::Accepted));
    QCOMPARE(conflict.choice(), store::ConflictChoice::KeepMine);
    dialog.resolve(conflict.entryId(), conflict.choice());
    QVERIFY(reloaded.wait());
    QCOMPARE(dialog.model()->rowCount(), 1);
    QVERIFY(!m->index(0, 0).data(ui::OutboxModel::ConflictRole).toBool());
    dialog.push();
    QVERIFY(finished.wait(30000));
    QVERIFY(reloaded.wait());
    QCOMPARE(dialog.model()->rowCount(), 0);
    QCOMPARE(fake.state[1].status, QStringLiteral("resolved"));
    QVERIFY2(fake.violations.isEmpty(), qPrintable(fake.violations.join(u'\n')));
}

void TestServerUi::windowLinkAndTokenNotWritten()
{
    FakeSentry fake;
    fake.issues = 4;
    const quint16 port = fake.start();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ws.db"));
    {
        ui::MainWindow window;
        window.setInteractive(false);
        auto* server = window.findChild<ui::ServerController*>();
        QVERIFY(server);
        server->setInteractive(false);
        server->runner()->setClientOptions(fastOptions());
        QVERIFY(window.openWorkspace(path));
        ui::ConnectDialog* dialog = server->openConnectDialog();
        QVERIFY(dialog);
        dialog->presetBox()->setCurrentIndex(3);
        dialog->urlEdit()->setText(QStringLiteral("http://127.0.0.1:%1").arg(port));
        dialog->orgEdit()->setText(QStringLiteral("acme"));
        dialog->tokenEdit()->setText(QString::fromLatin1(fake.token));
        QSignalSpy finished(server->runner(), &ui::SyncRunner::finished);
        dialog->accept(); // adds the account, keeps the token in memory, syncs
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.at(0).at(0).value<ui::ServerJobOutcome>();
        QVERIFY2(outcome.ok, qPrintable(outcome.message));
        // The list shows the server issues; the header links to the current one's permalink.
        QTRY_VERIFY_WITH_TIMEOUT(window.issueList()->model()->rowCount() == 4, 20000);
        QSignalSpy link(server, &ui::ServerController::linkChanged);
        window.issueList()->selectRow(1);
        QTRY_VERIFY_WITH_TIMEOUT(!server->permalink().isEmpty(), 10000);
        QVERIFY(
            server->permalink().startsWith(QStringLiteral("http://127.0.0.1:%1/organizations/acme/issues/").arg(port)));
        QVERIFY(server->linkButton()->text().contains(QStringLiteral("BACKEND-")));
        QCOMPARE(server->accounts()->model()->rowCount(), 1);
        // A second account (never synced) beside the first.
        store::ServerAccount second;
        second.name = "glitchtip";
        second.baseUrl = "https://app.glitchtip.com";
        second.organization = "acme";
        QVERIFY(ui::addServerAccount(window.session(), second).ok());
        QSignalSpy refreshed(server->accounts(), &ui::AccountsPanel::refreshed);
        server->accounts()->refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(server->accounts()->model()->rowCount(), 2);
        window.resize(1280, 800);
        shoot(&window, QStringLiteral("sidebar-two-accounts"));
        window.saveSettings();
    }
    // The token is in no settings file under HOME and nowhere in the workspace folder.
    int files = 0;
    for (const QString& root : {m_home.path(), dir.path()}) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(fake.token), qPrintable(f.fileName()));
            ++files;
        }
    }
    QVERIFY(files >= 2); // the settings file and the workspace at least
}

QTEST_MAIN(TestServerUi)
// A sync that brings new issues matching an alert search raises one summary
// (never one per issue); the first sync of an account and a sync with
// nothing new raise none.
void TestServerUi::alertOncePerSync()
{
    FakeSentry fake;
    fake.issues = 3;
    const quint16 port = fake.start();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ws.db"));
    auto session = test::openSession(path);
    QVERIFY(session);
    {
        auto ws = store::Workspace::open(path.toStdString());
        const auto id = store::saveSearch((*ws)->db(), "Unresolved", "is:unresolved");
        QVERIFY(id.ok());
        QVERIFY(store::setSavedSearchNotify((*ws)->db(), *id, true).ok());
    }
    const auto account = addAccount(session, QStringLiteral("alerts"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    ui::rememberToken(account, fake.token);
    QWidget window;
    ui::ServerController controller(&window);
    controller.setInteractive(false);
    controller.runner()->setClientOptions(fastOptions());
    QSignalSpy refreshed(controller.accounts(), &ui::AccountsPanel::refreshed);
    controller.setSession(session);
    QVERIFY(refreshed.wait());
    QSignalSpy notified(controller.notifier(), &ui::SyncNotifier::notified);
    QSignalSpy messages(&controller, &ui::ServerController::message);
    QSignalSpy finished(controller.runner(), &ui::SyncRunner::finished);
    const auto syncOnce = [&] {
        const auto before = finished.count();
        const auto lists = refreshed.count();
        QVERIFY(controller.accounts()->sync(account.id));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), before + 1, 30000);
        QVERIFY(finished.last().at(0).value<ui::ServerJobOutcome>().ok);
        QTRY_VERIFY(refreshed.count() > lists && !controller.runner()->isBusy());
    };
    syncOnce();
    QCOMPARE(notified.count(), 0);
    fake.issues = 7;
    syncOnce();
    QCOMPARE(notified.count(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("4 new or regressed issues"));
    QVERIFY2(notified.at(0).at(1).toString().startsWith(QStringLiteral("Unresolved: 4")),
        qPrintable(notified.at(0).at(1).toString()));
    // Without a tray (offscreen) the summary goes to the status bar instead.
    if (!notified.at(0).at(2).toBool()) {
        QVERIFY(std::any_of(messages.begin(), messages.end(),
            [](const QList<QVariant>& m) { return m.at(0).toString().startsWith(QStringLiteral("4 new")); }));
    }
    syncOnce();
    QCOMPARE(notified.count(), 1);
    QCOMPARE(controller.notifier()->count(), 1);
}

#include "tst_serverui.moc"
