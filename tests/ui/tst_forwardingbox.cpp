// The Endpoint tab's forwarding settings (#19, forwarding per project): a DSN
// per workspace project, refused with its reason when it is not one; saved
// without its key in the workspace (no keychain here, so the key stays in
// memory); each project's requests relayed to its own fake upstream on
// 127.0.0.1; the row shows sent and waiting, and for an upstream that is
// down the last error and the next try, until it comes up.

#include "dsnpost.h"
#include "fakeupstream.h"
#include "ingest/endpointcontroller.h"
#include "ingest/endpointpanel.h"
#include "ingest/forwardingbox.h"
#include "ingest/sentryauth.h"
#include "store/forwardupstreams.h"
#include "store/ingestkeys.h"
#include "store/sessionaccess.h"
#include "store/workspacesession.h"

#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

using test::FakeUpstream;

QByteArray envelope(const std::string& eventId, const std::string& message)
{
    const std::string payload = nlohmann::json {{"event_id", eventId}, {"message", message}, {"level", "error"},
        {"platform", "python"}}.dump();
    return QByteArray::fromStdString(nlohmann::json {{"event_id", eventId}}.dump() + "\n"
        + R"({"type":"event","length":)" + std::to_string(payload.size()) + "}\n" + payload + "\n");
}

} // namespace

class TestForwardingBox : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QNetworkAccessManager m_net;

    int post(const QString& dsn, const QByteArray& body) { return test::postToDsn(m_net, dsn, body); }

    static bool typeAndSave(ForwardingBox* box, const QString& project, const QString& dsn)
    {
        QLineEdit* field = box->dsnField(project);
        field->selectAll();
        QTest::keyClick(field, Qt::Key_Backspace);
        QTest::keyClicks(field, dsn);
        if (!box->saveButton(project)->isEnabled())
            return false;
        QSignalSpy saved(box, &ForwardingBox::saved);
        box->saveButton(project)->click();
        return saved.wait(20'000) && saved.front().at(1).toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("STACKDECK_NO_KEYCHAIN", "1");
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        m_net.setProxy(QNetworkProxy::NoProxy);
    }

    void perProjectUpstreamsFromTheWindow()
    {
        auto opened = store::WorkspaceSession::open(m_dir.filePath(QStringLiteral("ws.stackdeck")).toStdString());
        QVERIFY(opened);
        auto session = *opened;
        QVERIFY(store::writeWithSession(session, "test", [](sql::Database& db) -> Status {
            store::ensureIngestKey(db, "alpha");
            store::ensureIngestKey(db, "beta");
            return Ok {};
        }));
        EndpointController controller;
        controller.setSession(session);
        EndpointPanel panel(&controller);
        panel.setPort(0);
        panel.resize(1000, 1400);
        panel.show();
        ForwardingBox* box = panel.forwardingBox();
        QVERIFY(box);
        QTRY_COMPARE(box->projects(), (QStringList {QStringLiteral("alpha"), QStringLiteral("beta")}));
        QVERIFY(box->statusLabel(QStringLiteral("alpha"))->text().startsWith(QStringLiteral("Off")));

        // Not a DSN: the reason, and no Save.
        QTest::keyClicks(box->dsnField(QStringLiteral("alpha")), QStringLiteral("https://o1.ingest.sentry.io/42"));
        QVERIFY(!box->saveButton(QStringLiteral("alpha"))->isEnabled());
        QCOMPARE(box->statusLabel(QStringLiteral("alpha"))->text(),
            QStringLiteral("Not a DSN: the DSN has no public key (the part before @: https://KEY@host/42)."));

        FakeUpstream alpha(FakeUpstream::Start::Down);
        FakeUpstream beta(FakeUpstream::Start::Down);
        QVERIFY(alpha.comeUp()); // beta stays down
        QVERIFY(typeAndSave(
            box, QStringLiteral("alpha"), QStringLiteral("http://alphakey@127.0.0.1:%1/11").arg(alpha.port())));
        QVERIFY(box->message().contains(QStringLiteral("until Stackdeck closes"))); // no keychain here
        QVERIFY(!box->message().contains(QStringLiteral("alphakey")));
        QVERIFY(!box->dsnField(QStringLiteral("alpha"))->text().contains(QStringLiteral("alphakey")));
        QVERIFY(typeAndSave(
            box, QStringLiteral("beta"), QStringLiteral("http://betakey@127.0.0.1:%1/22").arg(beta.port())));
        QVERIFY(box->statusLabel(QStringLiteral("beta"))->text().contains(QStringLiteral("while the endpoint runs")));
        const auto saved
            = store::readWithSession(session, [](sql::Database& db) -> Result<std::vector<store::ForwardUpstream>> {
                  return store::forwardUpstreams(db);
              });
        QVERIFY(saved);
        QCOMPARE(saved->size(), std::size_t {2});
        QCOMPARE(saved->front().upstream, QStringLiteral("http://127.0.0.1:%1/11").arg(alpha.port()).toStdString());

        panel.toggle();
        QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 10'000);
        QString alphaDsn;
        QString betaDsn;
        for (const ProjectDsn& p : controller.info().dsns)
            (p.project == QLatin1String("alpha") ? alphaDsn : betaDsn) = p.dsn;
        QCOMPARE(post(alphaDsn, envelope("0000000000000000000000000000a001", "to alpha")), 200);
        QCOMPARE(post(betaDsn, envelope("0000000000000000000000000000b001", "to beta")), 200);
        QTRY_COMPARE_WITH_TIMEOUT(alpha.received.size(), std::size_t {1}, 20'000);
        QCOMPARE(ingest::sentryKeyOf(alpha.received.front()).value_or(""), std::string("alphakey"));
        QTRY_VERIFY_WITH_TIMEOUT(
            box->statusLabel(QStringLiteral("alpha"))->text().contains(QStringLiteral("sent 1, waiting on disk 0")),
            10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            box->statusLabel(QStringLiteral("beta"))->text().contains(QStringLiteral("Failing:")), 10'000);
        QVERIFY(box->statusLabel(QStringLiteral("beta"))->text().contains(QStringLiteral("waiting on disk 1")));
        QVERIFY(box->statusLabel(QStringLiteral("beta"))->text().contains(QStringLiteral("Next try at")));

        QVERIFY(beta.comeUp());
        QTRY_COMPARE_WITH_TIMEOUT(beta.received.size(), std::size_t {1}, 20'000);
        QCOMPARE(ingest::sentryKeyOf(beta.received.front()).value_or(""), std::string("betakey"));
        QCOMPARE(alpha.received.size(), std::size_t {1}); // nothing of beta's went to alpha
        QTRY_VERIFY_WITH_TIMEOUT(
            box->statusLabel(QStringLiteral("beta"))->text().contains(QStringLiteral("sent 1, waiting on disk 0")),
            10'000);

        // Turned off while running: alpha's next request stays local.
        QVERIFY(typeAndSave(box, QStringLiteral("alpha"), QString()));
        QTRY_VERIFY(box->statusLabel(QStringLiteral("alpha"))->text().startsWith(QStringLiteral("Off")));
        QCOMPARE(post(alphaDsn, envelope("0000000000000000000000000000a002", "local only")), 200);
        QCOMPARE(post(betaDsn, envelope("0000000000000000000000000000b002", "to beta again")), 200);
        QTRY_COMPARE_WITH_TIMEOUT(beta.received.size(), std::size_t {2}, 20'000);
        QCOMPARE(alpha.received.size(), std::size_t {1});

        QSignalSpy stopped(&controller, &EndpointController::stateChanged);
        panel.toggle();
        QTRY_VERIFY_WITH_TIMEOUT(controller.state() == EndpointController::State::Stopped, 20'000);
    }

    void anotherWorkspaceKeepsNothingOfTheFirst()
    {
        auto open = [this](const QString& name) {
            auto s = store::WorkspaceSession::open(m_dir.filePath(name).toStdString());
            if (!s)
                qFatal("%s", s.error().message.c_str());
            if (!store::writeWithSession(*s, "test", [](sql::Database& db) -> Status {
                    store::ensureIngestKey(db, "web");
                    return Ok {};
                }))
                qFatal("no key");
            return *s;
        };
        auto first = open(QStringLiteral("first.stackdeck"));
        auto second = open(QStringLiteral("second.stackdeck"));
        EndpointController controller;
        controller.setSession(first);
        EndpointPanel panel(&controller);
        ForwardingBox* box = panel.forwardingBox();
        QTRY_COMPARE(box->projects(), QStringList {QStringLiteral("web")});
        QVERIFY(typeAndSave(box, QStringLiteral("web"), QStringLiteral("https://webkey@o1.ingest.sentry.io/5")));
        QCOMPARE(box->forwardDsns().size(), std::size_t {1}); // in memory: no keychain here

        QSignalSpy loaded(box, &ForwardingBox::loaded);
        controller.setSession(second);
        QVERIFY(box->forwardDsns().empty()); // at once, before the second workspace is read
        QVERIFY(loaded.wait(10'000));
        QCOMPARE(box->projects(), QStringList {QStringLiteral("web")});
        QVERIFY(box->forwardDsns().empty());
        QVERIFY(box->dsnField(QStringLiteral("web"))->text().isEmpty());
        QVERIFY(box->statusLabel(QStringLiteral("web"))->text().startsWith(QStringLiteral("Off")));

        // Back to the first: its upstream is saved, but its key was only in memory and is gone with the switch.
        controller.setSession(first);
        QVERIFY(loaded.wait(10'000));
        QVERIFY(box->forwardDsns().empty());
        QVERIFY(box->statusLabel(QStringLiteral("web"))->text().contains(QStringLiteral("paste its DSN again")));
    }
};

QTEST_MAIN(TestForwardingBox)
#include "tst_forwardingbox.moc"
