// The local DSN endpoint in the window (#19 item 5): started from its panel on
// a temporary workspace, fed over 127.0.0.1 as an SDK feeds it, it counts, the
// issue list shows the new issues without losing the user's selection, the
// inspector lists the envelopes with their items and rejections, and the
// window's close stores what it accepted.

#include "dsnpost.h"
#include "endpointwindow.h"
#include "import/importreportdialog.h"
#include "ingest/endpointcontroller.h"
#include "ingest/endpointpanel.h"
#include "ingest/endpointstrip.h"
#include "ingest/envelopeinspector.h"
#include "ingest/envelopeitemmodel.h"
#include "ingest/envelopelistmodel.h"
#include "ingest/envelopepayloads.h"
#include "ingest/keptitemmodel.h"
#include "ingest/keptitemsview.h"
#include "ingest/sdksnippets.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"
#include "store/eventqueries.h"
#include "store/summaryqueries.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

QByteArray readCorpus(const QString& name)
{
    QFile file(test::corpusPath(QStringLiteral("sdk/received/") + name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

InspectedEnvelope envelopeWithBody(const std::string& body, std::vector<ingest::ReceivedItem> items)
{
    InspectedEnvelope e;
    e.received = QDateTime::currentDateTime();
    e.envelope.project = QStringLiteral("default");
    e.envelope.route = QStringLiteral("envelope");
    e.envelope.status = 200;
    e.envelope.items = std::move(items);
    e.envelope.body = std::make_shared<const std::string>(body);
    return e;
}

} // namespace

class TestIngestPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QNetworkAccessManager m_net;
    int m_workspaces = 0;

    int post(const QString& dsn, const QByteArray& body, const QString& route = QStringLiteral("envelope"))
    {
        return test::postToDsn(m_net, dsn, body, route);
    }

    using Running = test::EndpointWindow;

    // A window on a new workspace with its endpoint started from the panel on a free port.
    Running startWindow()
    {
        return test::openEndpointWindow(m_dir.filePath(QStringLiteral("ws%1.stackdeck").arg(++m_workspaces)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("StackdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ingestpanel"));
        m_net.setProxy(QNetworkProxy::NoProxy);
    }

    void envelopesArriveInTheWindow()
    {
        STACKDECK_REQUIRE_CORPUS();
        Running r = startWindow();
        QVERIFY(r.controller);
        QVERIFY2(!r.dsn.isEmpty(), qPrintable(r.panel->statusText()));
        QVERIFY(r.dsn.startsWith(QLatin1String("http://")));
        QCOMPARE(QUrl(r.dsn).host(), QStringLiteral("127.0.0.1"));
        QVERIFY(r.controller->info().loopback);
        QVERIFY(r.panel->bindWarning()->parentWidget()->isHidden());
        QVERIFY(r.panel->pythonSnippetView()->isReadOnly());
        QVERIFY(r.panel->pythonSnippetView()->toPlainText().contains(
            QStringLiteral("sentry_sdk.init(dsn=\"%1\", traces_sample_rate=1.0)").arg(r.dsn)));
        QVERIFY(r.panel->javaScriptSnippetView()->toPlainText().contains(
            QStringLiteral("Sentry.init({ dsn: \"%1\", tracesSampleRate: 1.0 })").arg(r.dsn)));
        QVERIFY(r.panel->originsField()->text().isEmpty()); // CORS off by default
        QVERIFY(!r.panel->originsField()->isEnabled()); // not while running
        auto* strip = r.window->findChild<EndpointStrip*>();
        QVERIFY(strip);
        QVERIFY(strip->stateText().contains(QString::number(r.controller->info().port)));

        auto* list = r.window->issueList();
        QAbstractItemModelTester listTester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester envelopesTester(
            r.controller->envelopes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(list->model()->rowCount(), 0);

        // A Python SDK's error event with two attachments (text and binary), as it sent it.
        QCOMPARE(post(r.dsn, readCorpus(QStringLiteral("000064.envelope"))), 200);
        QTRY_COMPARE(r.panel->counterText(QStringLiteral("counterRequests")), QStringLiteral("1"));
        QTRY_COMPARE(r.panel->counterText(QStringLiteral("counterEvents")), QStringLiteral("1"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QCOMPARE(
            QString::fromStdString(list->model()->rowAt(0).issue.title).left(14), QStringLiteral("InventoryError"));
        QTRY_COMPARE(r.controller->envelopes()->rowCount(), 1);

        // The user picks that issue; another SDK's event makes a new issue: the list grows, the pick stays.
        list->selectRow(0);
        const IssueId picked = list->currentIssue();
        QVERIFY(picked.isValid());
        QSignalSpy pickChanged(list, &IssueListView::currentIssueChanged);
        QCOMPARE(post(r.dsn, readCorpus(QStringLiteral("000130.envelope"))), 200);
        QTRY_COMPARE(r.panel->counterText(QStringLiteral("counterEvents")), QStringLiteral("2"));
        QTRY_COMPARE(list->model()->rowCount(), 2);
        QCOMPARE(list->currentIssue(), picked);
        QCOMPARE(pickChanged.count(), 0);

        // The store route (older SDKs): one JSON event.
        QCOMPARE(post(r.dsn, readCorpus(QStringLiteral("000001.json")), QStringLiteral("store")), 200);
        QTRY_COMPARE(r.panel->counterText(QStringLiteral("counterEvents")), QStringLiteral("3"));
        QTRY_VERIFY(list->model()->rowCount() >= 2);
        QTRY_COMPARE(r.controller->envelopes()->rowCount(), 3);

        // The inspector: newest first; the envelope with attachments shows its items and a binary one in hex.
        EnvelopeInspector* inspector = r.panel->openInspector();
        QVERIFY(inspector);
        QAbstractItemModelTester itemsTester(
            inspector->itemModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto* envelopes = r.controller->envelopes();
        QCOMPARE(envelopes->index(0, EnvelopeListModel::RouteColumn).data().toString(), QStringLiteral("store"));
        QCOMPARE(envelopes->index(2, EnvelopeListModel::EventColumn).data().toString(),
            QStringLiteral("10e1a505e101458cb739a815fc27aaae"));
        inspector->selectEnvelope(2);
        auto* items = inspector->itemModel();
        QCOMPARE(items->rowCount(), 3);
        QCOMPARE(items->index(0, EnvelopeItemModel::TypeColumn).data().toString(), QStringLiteral("event"));
        QCOMPARE(items->index(2, EnvelopeItemModel::TypeColumn).data().toString(), QStringLiteral("attachment"));
        QCOMPARE(items->index(2, EnvelopeItemModel::ContentTypeColumn).data().toString(),
            QStringLiteral("application/octet-stream"));
        inspector->selectItem(0);
        QVERIFY(inspector->payloadCaption().startsWith(QLatin1String("JSON")));
        QVERIFY(inspector->payloadView()->toPlainText().contains(QLatin1String("\n  \"level\": \"error\"")));
        inspector->selectItem(2);
        QVERIFY2(
            inspector->payloadCaption().startsWith(QLatin1String("binary")), qPrintable(inspector->payloadCaption()));
        QVERIFY(inspector->payloadView()->toPlainText().startsWith(QLatin1String("00000000  ")));
        // A new envelope lands at the top without moving the inspector's selection off the one shown.
        QCOMPARE(post(r.dsn, readCorpus(QStringLiteral("000131.envelope"))), 200);
        QTRY_COMPARE(envelopes->rowCount(), 4);
        QCOMPARE(inspector->envelopeView()->currentIndex().row(), 3);
        QCOMPARE(items->rowCount(), 3);

        // Stop: what was received is stored; the panel says so.
        r.panel->startButton()->click();
        QTRY_COMPARE(r.controller->state(), EndpointController::State::Stopped);
        QVERIFY(r.panel->startButton()->text() == QLatin1String("Start"));
        QVERIFY(r.panel->originsField()->isEnabled());
    }

    void rejectionsShowInPanelAndInspector()
    {
        Running r = startWindow();
        QVERIFY(r.controller);
        QVERIFY2(!r.dsn.isEmpty(), qPrintable(r.panel->statusText()));
        // A well-framed envelope whose event payload is not JSON: 200, the item is a rejection.
        const QByteArray body = QByteArrayLiteral("{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n"
                                                  "{\"type\":\"event\",\"length\":9}\n"
                                                  "{not json\n");
        QSignalSpy rejected(r.controller, &EndpointController::rejectionsAdded);
        QCOMPARE(post(r.dsn, body), 200);
        QTRY_COMPARE(r.panel->counterText(QStringLiteral("counterRejected")), QStringLiteral("1"));
        QCOMPARE(rejected.count(), 1);
        // The panel lists it from the workspace (kept_items), with its reason.
        KeptItemsView* kept = r.panel->keptItemsView();
        QTRY_COMPARE(kept->model()->rowCount(), 1);
        const QString reason = kept->model()->index(0, KeptItemModel::ReasonColumn).data().toString();
        QVERIFY2(reason.startsWith(QLatin1String("refused: ")), qPrintable(reason));
        QTRY_COMPARE(r.controller->envelopes()->rowCount(), 1);
        QCOMPARE(r.controller->envelopes()->index(0, EnvelopeListModel::RejectionsColumn).data().toInt(), 1);
        EnvelopeInspector* inspector = r.panel->openInspector();
        inspector->selectEnvelope(0);
        QVERIFY(!inspector->rejectionView()->isHidden());
        QVERIFY2(inspector->rejectionView()->toPlainText().endsWith(reason.mid(9)),
            qPrintable(inspector->rejectionView()->toPlainText()));

        // A wrong key is refused and counted so.
        QString wrong = r.dsn;
        wrong.replace(QUrl(r.dsn).userName(), QStringLiteral("0123456789abcdef0123456789abcdef"));
        QCOMPARE(post(wrong, body), 403);
        QTRY_COMPARE(r.panel->counterText(QStringLiteral("counterRefused")), QStringLiteral("1"));
    }

    // Many commits in a burst refresh the window at most once a second, and every stored event is reported.
    // Python's json.dumps puts a space after ':' and ','; the inspector still finds every payload
    // (where the endpoint's splitter found the item), not only compact headers.
    void inspectorFindsPayloadsAfterSpacedHeaders()
    {
        Running r = startWindow();
        QVERIFY(r.controller);
        QVERIFY2(!r.dsn.isEmpty(), qPrintable(r.panel->statusText()));
        const QByteArray body = QByteArrayLiteral("{\"event_id\": \"4fd1c3c2a4b94e4d9b1a7c1f0c2d3e4f\"}\n"
                                                  "{\"type\": \"event\", \"length\": 28}\n"
                                                  "{\"message\": \"spaced header\"}\n"
                                                  "{\"type\": \"attachment\", \"filename\": \"a.txt\", "
                                                  "\"content_type\": \"text/plain\", \"length\": 5}\n"
                                                  "hello\n"
                                                  "{ \"type\" : \"session\" }\n"
                                                  "{\"sid\": \"x\"}\n");
        QCOMPARE(post(r.dsn, body), 200);
        QTRY_COMPARE(r.controller->envelopes()->rowCount(), 1);
        const auto items = inspectItems(r.controller->envelopes()->rowAt(0).envelope);
        QCOMPARE(items.size(), std::size_t(3));
        const QStringList expected {QStringLiteral("{\"message\": \"spaced header\"}"), QStringLiteral("hello"),
            QStringLiteral("{\"sid\": \"x\"}")};
        for (std::size_t i = 0; i < items.size(); ++i) {
            QVERIFY2(items[i].payloadKnown, qPrintable(items[i].header));
            QCOMPARE(QString::fromUtf8(items[i].payload.data(), static_cast<qsizetype>(items[i].payload.size())),
                expected[static_cast<int>(i)]);
        }
    }

    void storedIsThrottled()
    {
        Running r = startWindow();
        QVERIFY(r.controller);
        QVERIFY2(!r.dsn.isEmpty(), qPrintable(r.panel->statusText()));
        QSignalSpy stored(r.controller, &EndpointController::stored);
        QElapsedTimer clock;
        clock.start();
        constexpr int kPosts = 12;
        for (int i = 0; i < kPosts; ++i) {
            const QByteArray id = QUuid::createUuid().toByteArray(QUuid::Id128);
            const QByteArray event = "{\"event_id\":\"" + id
                + "\",\"platform\":\"python\",\"level\":\"error\","
                  "\"exception\":{\"values\":[{\"type\":\"BurstError"
                + QByteArray::number(i) + "\",\"value\":\"burst\"}]}}";
            const QByteArray body = "{\"event_id\":\"" + id
                + "\"}\n{\"type\":\"event\",\"length\":" + QByteArray::number(event.size()) + "}\n" + event + "\n";
            QCOMPARE(post(r.dsn, body), 200);
        }
        const auto storedEvents = [&] {
            qint64 sum = 0;
            for (const auto& args : stored)
                sum += args.at(0).toLongLong();
            return sum;
        };
        QTRY_COMPARE(storedEvents(), qint64(kPosts));
        const qint64 elapsed = clock.elapsed();
        QVERIFY(stored.count() >= 1);
        // At most once a second, give or take the 5% a coarse QTimer may fire early.
        QVERIFY2(stored.count() <= elapsed / 950 + 1,
            qPrintable(QStringLiteral("%1 refreshes in %2 ms").arg(stored.count()).arg(elapsed)));
        QTRY_COMPARE(r.window->issueList()->model()->rowCount(), kPosts);
    }

    void closingTheWindowStoresWhatWasAccepted()
    {
        STACKDECK_REQUIRE_CORPUS();
        Running r = startWindow();
        QVERIFY(r.controller);
        QVERIFY(!r.dsn.isEmpty());
        const QString path = r.window->workspacePath();
        // Answers come after the commit, so the posts return only once stored; the close then has nothing to lose
        // but must stop the endpoint (its port is free again) and wait for it.
        const QByteArray body = readCorpus(QStringLiteral("000124.envelope"));
        QCOMPARE(post(r.dsn, body), 200);
        const quint16 port = r.controller->info().port;
        QVERIFY(r.window->close());
        QCOMPARE(r.controller->state(), EndpointController::State::Stopped);
        QTcpServer probe;
        QVERIFY2(probe.listen(QHostAddress::LocalHost, port), "the endpoint's port is still taken");
        r.window.reset();
        auto session = test::openSession(path);
        QVERIFY(session);
        auto reader = session->reader();
        QVERIFY(reader);
        QCOMPARE(store::countEvents(reader->db()), 1);
    }

    void notBoundToLoopbackWarns()
    {
        EndpointController controller;
        EndpointPanel panel(&controller);
        QVERIFY(panel.bindWarning()->parentWidget()->isHidden());
        const int any = panel.bindChoice()->findData(QStringLiteral("0.0.0.0"));
        QVERIFY(any > 0);
        panel.bindChoice()->setCurrentIndex(any);
        QVERIFY(!panel.bindWarning()->parentWidget()->isHidden());
        QVERIFY(panel.bindWarning()->text().contains(QLatin1String("other machines")));
        QCOMPARE(panel.settings().bindAddress, QHostAddress(QStringLiteral("0.0.0.0")));
        panel.bindChoice()->setCurrentIndex(0);
        QCOMPARE(panel.settings().bindAddress, QHostAddress(QHostAddress::LocalHost));
        panel.originsField()->setText(QStringLiteral(" http://localhost:5173,  http://127.0.0.1:3000 "));
        QCOMPARE(panel.settings().allowedOrigins,
            QStringList({QStringLiteral("http://localhost:5173"), QStringLiteral("http://127.0.0.1:3000")}));
        // No workspace: nothing to start into.
        QVERIFY(!panel.startButton()->isEnabled());
    }

    void envelopeListKeepsTheLastFifty()
    {
        EnvelopeListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 60; ++i) {
            InspectedEnvelope e = envelopeWithBody("{}\n", {});
            e.envelope.eventId = QString::number(i);
            model.add(e);
        }
        QCOMPARE(model.rowCount(), EnvelopeListModel::kCapacity);
        QCOMPARE(model.totalAdded(), 60);
        QCOMPARE(model.index(0, EnvelopeListModel::EventColumn).data().toString(), QStringLiteral("59"));
        QCOMPARE(model.index(49, EnvelopeListModel::EventColumn).data().toString(), QStringLiteral("10"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void itemsFindTheirPayloads_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QList<qint64>>("sizes");
        QTest::addColumn<QStringList>("payloads");
        QTest::addColumn<QList<int>>("kinds");
        QTest::newRow("length and newline-delimited")
            << QByteArray("{}\n{\"type\":\"event\",\"length\":7}\n{\"a\":1}\n{\"type\":\"session\"}\n{\"s\":2}\n")
            << QStringList {QStringLiteral("{\"type\":\"event\",\"length\":7}"),
                   QStringLiteral("{\"type\":\"session\"}")}
            << QList<qint64> {7, 7} << QStringList {QStringLiteral("{\"a\":1}"), QStringLiteral("{\"s\":2}")}
            << QList<int> {int(PayloadKind::Json), int(PayloadKind::Json)};
        QTest::newRow("payload containing a copy of the next header")
            << QByteArray("{}\n{\"type\":\"attachment\",\"length\":18,\"content_type\":\"text/plain\"}\n"
                          "{\"type\":\"event\"}\nx\n{\"type\":\"event\"}\n{}\n")
            << QStringList {QStringLiteral("{\"type\":\"attachment\",\"length\":18,\"content_type\":\"text/plain\"}"),
                   QStringLiteral("{\"type\":\"event\"}")}
            << QList<qint64> {18, 2} << QStringList {QStringLiteral("{\"type\":\"event\"}\nx"), QStringLiteral("{}")}
            << QList<int> {int(PayloadKind::Text), int(PayloadKind::Json)};
        QTest::newRow("binary attachment")
            << QByteArray("{}\n{\"type\":\"attachment\",\"length\":4}\n\x00\x01\xfe\xff\n", 41)
            << QStringList {QStringLiteral("{\"type\":\"attachment\",\"length\":4}")} << QList<qint64> {4}
            << QStringList {QString::fromLatin1("\x00\x01\xfe\xff", 4)} << QList<int> {int(PayloadKind::Binary)};
        QTest::newRow("header not in the body")
            << QByteArray("{}\n{\"type\":\"event\"}\n{}\n") << QStringList {QStringLiteral("{\"type\":\"log\"}")}
            << QList<qint64> {2} << QStringList {QString()} << QList<int> {-1};
    }

    void itemsFindTheirPayloads()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, headers);
        QFETCH(QList<qint64>, sizes);
        QFETCH(QStringList, payloads);
        QFETCH(QList<int>, kinds);
        std::vector<ingest::ReceivedItem> received;
        for (int i = 0; i < headers.size(); ++i) {
            ingest::ReceivedItem item;
            const auto header = nlohmann::json::parse(headers[i].toStdString());
            item.type = header.value("type", "");
            item.contentType = header.value("content_type", "");
            item.size = sizes[i];
            item.header = headers[i].toStdString();
            received.push_back(item);
        }
        const InspectedEnvelope e = envelopeWithBody(body.toStdString(), received);
        const auto items = inspectItems(e.envelope);
        QCOMPARE(items.size(), received.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            const int at = static_cast<int>(i);
            if (kinds[at] < 0) {
                QVERIFY(!items[i].payloadKnown);
                continue;
            }
            QVERIFY(items[i].payloadKnown);
            QCOMPARE(QByteArray(items[i].payload.data(), static_cast<qsizetype>(items[i].payload.size())),
                payloads[at].toLatin1());
            QCOMPARE(int(payloadKind(items[i])), kinds[at]);
        }
    }

    void hexDumpIsCapped()
    {
        const std::string bytes(5000, '\x01');
        const QString dump = hexDump(bytes, 4096);
        QCOMPARE(dump.count(QLatin1Char('\n')), 4096 / 16);
        QVERIFY(dump.endsWith(QLatin1String("904 more bytes not shown")));
        QVERIFY(hexDump("AB").startsWith(QLatin1String("00000000  41 42 ")));
        QVERIFY(hexDump("AB").contains(QLatin1String("|AB|")));
    }

    void snippetsQuoteTheDsn()
    {
        QCOMPARE(pythonSnippet(QStringLiteral("http://k@127.0.0.1:1/2")),
            QStringLiteral(
                "import sentry_sdk\n\nsentry_sdk.init(dsn=\"http://k@127.0.0.1:1/2\", traces_sample_rate=1.0)\n"));
        QVERIFY(javaScriptSnippet(QStringLiteral("a\"b")).contains(QLatin1String("dsn: \"a\\\"b\"")));
    }
};

QTEST_MAIN(TestIngestPanel)
#include "tst_ingestpanel.moc"
