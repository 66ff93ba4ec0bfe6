// The local endpoint's keeping and alerts in the window (#19 items 2 and 5):
// items it does not interpret and items it refuses are listed in the Endpoint
// tab from the workspace, with their bytes, and still there in a new window;
// events that bring a resolved issue back, or make a new issue an alert
// search matches, raise the notification a sync raises (#17), rate-limited;
// a new issue no alert search matches raises none.

#include "dsnpost.h"
#include "endpointwindow.h"
#include "import/importreportdialog.h"
#include "ingest/endpointcontroller.h"
#include "ingest/endpointpanel.h"
#include "ingest/envelopeinspector.h"
#include "ingest/keptitemmodel.h"
#include "ingest/keptitemsview.h"
#include "main/mainwindow.h"
#include "server/servercontroller.h"
#include "server/syncnotifier.h"
#include "store/issuequeries.h"
#include "store/savedsearches.h"
#include "store/sessionaccess.h"
#include "store/triageactions.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

std::string newEventId()
{
    return QUuid::createUuid().toString(QUuid::Id128).toStdString();
}

QByteArray eventEnvelope(const std::string& message)
{
    const std::string id = newEventId();
    const std::string payload = nlohmann::json {{"event_id", id}, {"message", message}, {"level", "error"},
        {"platform", "python"}, {"timestamp", static_cast<double>(QDateTime::currentMSecsSinceEpoch()) / 1000.0}}
                                    .dump();
    return QByteArray::fromStdString(nlohmann::json {{"event_id", id}}.dump()
        + "\n{\"type\":\"event\",\"length\":" + std::to_string(payload.size()) + "}\n" + payload + "\n");
}

// A word per number (the grouping makes one message of messages that differ in numbers only).
std::string letters(int n)
{
    std::string out;
    do {
        out += static_cast<char>('a' + n % 26);
        n /= 26;
    } while (n > 0);
    return out;
}

} // namespace

class TestIngestAlerts : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QNetworkAccessManager m_net;
    int m_workspaces = 0;

    int post(const QString& dsn, const QByteArray& body) { return test::postToDsn(m_net, dsn, body); }

    using Running = test::EndpointWindow;

    QString newWorkspace() { return m_dir.filePath(QStringLiteral("alerts%1.stackdeck").arg(++m_workspaces)); }

    static std::int64_t issueTitled(MainWindow& window, const std::string& title)
    {
        auto id = store::readWithSession(window.session(), [&](sql::Database& db) -> Result<std::int64_t> {
            store::IssueListRequest request;
            request.limit = 1000;
            for (const Issue& issue : store::listIssues(db, request).issues) {
                if (issue.title == title)
                    return issue.id.value;
            }
            return std::int64_t {0};
        });
        return id ? *id : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("StackdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ingestalerts"));
        m_net.setProxy(QNetworkProxy::NoProxy);
    }

    // One envelope: a good event, an event whose JSON is broken, a session and
    // an unknown binary item -> the panel lists the refused one and the two
    // kept ones from the workspace, shows their bytes, and so does a new window.
    void keptItemsListedFromTheWorkspace()
    {
        const QString path = newWorkspace();
        const std::string id = newEventId();
        const std::string payload = nlohmann::json {{"event_id", id}, {"message", "kept in the panel"},
            {"level", "error"},
            {"platform", "python"}}.dump();
        const std::string session = "{\"sid\":\"abc\",\"status\":\"exited\",\"errors\":1}";
        const std::string binary("\x00\x01\x02\xfe\xff binary", 12);
        const QByteArray body = QByteArray::fromStdString(nlohmann::json {{"event_id", id}}.dump()
            + "\n{\"type\":\"event\",\"length\":" + std::to_string(payload.size()) + "}\n" + payload
            + "\n{\"type\":\"event\",\"length\":9}\n{not json\n{\"type\":\"session\",\"length\":"
            + std::to_string(session.size()) + "}\n" + session
            + "\n{\"type\":\"x_unknown\",\"length\":" + std::to_string(binary.size()) + "}\n" + binary + "\n");
        {
            Running r = test::openEndpointWindow(path);
            QVERIFY(r.controller);
            QVERIFY2(!r.dsn.isEmpty(), qPrintable(r.panel->statusText()));
            KeptItemsView* kept = r.panel->keptItemsView();
            QAbstractItemModelTester tester(kept->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            QCOMPARE(post(r.dsn, body), 200);
            QTRY_COMPARE(kept->model()->rowCount(), 3);
            // Newest first: the unknown item, the session, the refused event.
            const auto reason
                = [&](int row) { return kept->model()->index(row, KeptItemModel::ReasonColumn).data().toString(); };
            QVERIFY2(reason(2).startsWith(QLatin1String("refused: ")), qPrintable(reason(2)));
            QCOMPARE(reason(1), QStringLiteral("not interpreted, kept as received"));
            QCOMPARE(
                kept->model()->index(1, KeptItemModel::TypeColumn).data().toString(), QStringLiteral("session #3"));
            QCOMPARE(
                kept->model()->index(0, KeptItemModel::TypeColumn).data().toString(), QStringLiteral("x_unknown #4"));
            QVERIFY(kept->model()->index(2, 0).data(KeptItemModel::RefusedRole).toBool());

            // The newest is selected by itself, its bytes shown.
            QTRY_VERIFY(kept->tableView()->currentIndex().row() == 0 && !kept->isLoading());
            QVERIFY2(kept->payloadCaption().startsWith(QLatin1String("binary")), qPrintable(kept->payloadCaption()));
            QSignalSpy shown(kept, &KeptItemsView::payloadShown);
            kept->selectRow(2);
            QTRY_COMPARE(shown.count(), 1);
            QCOMPARE(kept->payloadView()->toPlainText(), QStringLiteral("{not json"));
            QVERIFY2(kept->payloadCaption().contains(QLatin1String("refused")), qPrintable(kept->payloadCaption()));
            kept->selectRow(1);
            QTRY_COMPARE(shown.count(), 2);
            QVERIFY2(kept->payloadCaption().startsWith(QLatin1String("JSON")), qPrintable(kept->payloadCaption()));
            QVERIFY(kept->payloadView()->toPlainText().contains(QLatin1String("\"status\": \"exited\"")));
            kept->selectRow(0);
            QTRY_COMPARE(shown.count(), 3);
            QVERIFY2(kept->payloadCaption().startsWith(QLatin1String("binary")), qPrintable(kept->payloadCaption()));
            QVERIFY(kept->payloadView()->toPlainText().startsWith(QLatin1String("00000000  00 01 02 fe ff 20")));

            // The inspector has them on its second tab.
            EnvelopeInspector* inspector = r.panel->openInspector();
            QVERIFY(inspector->keptItemsView());
            QTRY_COMPARE(inspector->keptItemsView()->model()->rowCount(), 3);
            r.panel->startButton()->click();
            QTRY_COMPARE(r.controller->state(), EndpointController::State::Stopped);
        }
        // A new window on the same workspace, the endpoint not started: they are still there.
        Running again = test::openEndpointWindow(path, false);
        QVERIFY(again.panel);
        QTRY_COMPARE(again.panel->keptItemsView()->model()->rowCount(), 3);
        QVERIFY(again.panel->keptItemsView()->model()->index(2, 0).data(KeptItemModel::RefusedRole).toBool());
    }

    // A new issue an alert search matches -> one notification; a new issue no
    // search matches -> none; a resolved issue that gets an event again (a
    // regression) -> a notification whether or not a search matches it.
    void regressionsAndAlertSearchesNotify()
    {
        Running r = test::openEndpointWindow(newWorkspace());
        QVERIFY(r.controller);
        QVERIFY2(!r.dsn.isEmpty(), qPrintable(r.panel->statusText()));
        auto saved = store::writeWithSession(r.window->session(), "test", [](sql::Database& db) -> Status {
            auto id = store::saveSearch(db, "Payments", "payment");
            if (!id)
                return id.error();
            return store::setSavedSearchNotify(db, *id, true);
        });
        QVERIFY(saved.ok());
        auto* server = r.window->findChild<ServerController*>();
        QVERIFY(server);
        r.controller->setAlertInterval(std::chrono::milliseconds(200));
        QSignalSpy alerts(r.controller, &EndpointController::alert);
        QSignalSpy notified(server->notifier(), &SyncNotifier::notified);
        QSignalSpy stored(r.controller, &EndpointController::stored);

        QCOMPARE(post(r.dsn, eventEnvelope("payment declined")), 200);
        QTRY_COMPARE(alerts.count(), 1);
        QCOMPARE(alerts.at(0).at(0).toString(), QStringLiteral("1 new or regressed issue"));
        QCOMPARE(alerts.at(0).at(1).toString(), QStringLiteral("Payments: 1 — payment declined"));
        QCOMPARE(notified.count(), 1); // the sync's notifier, the same one
        if (!notified.at(0).at(2).toBool()) // no tray (offscreen): the status bar says it
            QVERIFY2(r.window->statusBar()->currentMessage().contains(QLatin1String("payment declined")),
                qPrintable(r.window->statusBar()->currentMessage()));

        // A new issue no alert search matches: stored, no alert.
        QCOMPARE(post(r.dsn, eventEnvelope("disk quota exceeded")), 200);
        QTRY_VERIFY(issueTitled(*r.window, "disk quota exceeded") != 0);
        // Resolve it, then it happens again: a regression, told though no search matches it.
        const std::int64_t quota = issueTitled(*r.window, "disk quota exceeded");
        auto resolved = store::writeWithSession(r.window->session(), "test", [&](sql::Database& db) -> Status {
            store::TriageChange change;
            change.status = triage::Status::Resolved;
            auto done = store::applyTriage(db, {IssueId(quota)}, change, {"tester", 0, {}, nullptr});
            if (!done)
                return done.error();
            return Ok {};
        });
        QVERIFY(resolved.ok());
        QCOMPARE(post(r.dsn, eventEnvelope("disk quota exceeded")), 200);
        QTRY_COMPARE_WITH_TIMEOUT(alerts.count(), 2, 10000);
        QCOMPARE(alerts.at(1).at(0).toString(), QStringLiteral("1 new or regressed issue"));
        // Only the regression: the unmatched new issue (the same one) raised nothing of its own.
        QCOMPARE(alerts.at(1).at(1).toString(), QStringLiteral("regressed: 1 — disk quota exceeded"));
        QCOMPARE(r.controller->alertsRaised(), 2);
        auto status = store::readWithSession(r.window->session(), [&](sql::Database& db) -> Result<int> {
            return static_cast<int>(store::issueById(db, IssueId(quota))->status);
        });
        QVERIFY(status.ok());
        QCOMPARE(*status, static_cast<int>(IssueStatus::Unresolved));
        r.panel->startButton()->click();
        QTRY_COMPARE(r.controller->state(), EndpointController::State::Stopped);
    }

    // A burst of new matching issues raises a few summaries, not one per event,
    // and together they name every issue.
    void aBurstIsSummarised()
    {
        Running r = test::openEndpointWindow(newWorkspace());
        QVERIFY(r.controller);
        QVERIFY2(!r.dsn.isEmpty(), qPrintable(r.panel->statusText()));
        auto saved = store::writeWithSession(r.window->session(), "test", [](sql::Database& db) -> Status {
            auto id = store::saveSearch(db, "Everything", "is:unresolved");
            if (!id)
                return id.error();
            return store::setSavedSearchNotify(db, *id, true);
        });
        QVERIFY(saved.ok());
        r.controller->setAlertInterval(std::chrono::milliseconds(1000));
        QSignalSpy alerts(r.controller, &EndpointController::alert);
        constexpr int kIssues = 150;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < kIssues; ++i)
            QCOMPARE(post(r.dsn, eventEnvelope("burst error " + letters(i))), 200);
        const auto told = [&] {
            int n = 0;
            for (const auto& a : alerts) {
                const QString title = a.at(0).toString();
                n += title.section(QLatin1Char(' '), 0, 0).toInt();
            }
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(told(), kIssues, 20000);
        const qint64 seconds = clock.elapsed() / 1000;
        QVERIFY2(alerts.count() <= seconds + 2,
            qPrintable(QStringLiteral("%1 alerts in %2 s").arg(alerts.count()).arg(seconds)));
        QVERIFY(alerts.count() < kIssues);
        qInfo("%lld alerts for %d new issues sent over %lld ms", static_cast<long long>(alerts.count()), kIssues,
            static_cast<long long>(clock.elapsed()));
        r.panel->startButton()->click();
        QTRY_COMPARE(r.controller->state(), EndpointController::State::Stopped);
    }
};

QTEST_MAIN(TestIngestAlerts)
#include "tst_ingestalerts.moc"
