// Forwarding per project (core/ingest/forwarder, issue #19): two projects of
// one workspace forwarded to two fake upstreams on 127.0.0.1, each receiving
// only its own project's requests with its own key; one upstream down holds
// back nothing of the other's, and gets its queue once it comes up. DSNs that
// are not ones are refused with the reason; saved upstreams keep their key out
// of the workspace.

#include "eventenvelope.h"
#include "fakeupstream.h"
#include "ingest/forwardsettings.h"
#include "ingest/httprequestparser.h"
#include "ingest/ingestendpoint.h"
#include "ingest/sentryauth.h"
#include "store/forwardupstreams.h"
#include "store/sessionaccess.h"
#include "store/workspacesession.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace stackdeck;
using namespace stackdeck::ingest;

namespace {

using test::FakeUpstream;

using test::envelopeWithEvent;

std::string eventId(int project, int i)
{
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016x%016x", project, i);
    return buf;
}

} // namespace

class TestIngestForwarding : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    std::shared_ptr<store::WorkspaceSession> openSession(const QString& name)
    {
        auto s = store::WorkspaceSession::open(m_dir.filePath(name).toStdString());
        if (!s)
            qFatal("%s", s.error().message.c_str());
        return *s;
    }

    // Posts an envelope to the project's DSN; the status once answered.
    std::shared_ptr<int> post(const IngestEndpoint& e, const std::string& project, const std::string& body)
    {
        auto status = std::make_shared<int>(0);
        for (const store::IngestKey& key : e.keys()) {
            if (key.project != project)
                continue;
            QNetworkRequest request(
                QUrl(QStringLiteral("http://127.0.0.1:%1/api/%2/envelope/").arg(e.port()).arg(key.projectId)));
            request.setRawHeader("X-Sentry-Auth",
                "Sentry sentry_key=" + QByteArray::fromStdString(key.publicKey) + ", sentry_version=7");
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-sentry-envelope"));
            QNetworkReply* reply = m_network.post(request, QByteArray::fromStdString(body));
            connect(reply, &QNetworkReply::finished, this, [reply, status] {
                *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                reply->deleteLater();
            });
        }
        return status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("STACKDECK_NO_KEYCHAIN", "1"); // no keychain here: saved keys must not go anywhere else
    }

    void eachProjectGoesToItsOwnUpstreamAndOneDownHoldsBackNoOther()
    {
        FakeUpstream alpha(FakeUpstream::Start::Down);
        FakeUpstream beta(FakeUpstream::Start::Down);
        QVERIFY(alpha.comeUp()); // beta stays down for now

        auto session = openSession(QStringLiteral("two-upstreams.stackdeck"));
        EndpointOptions options;
        options.projects = {"alpha", "beta", "local-only"};
        options.forwardDsns["alpha"] = QStringLiteral("http://alphakey@127.0.0.1:%1/11").arg(alpha.port());
        options.forwardDsns["beta"] = QStringLiteral("http://betakey@127.0.0.1:%1/prefix/22").arg(beta.port());
        options.forwardQueueDir = m_dir.filePath(QStringLiteral("two-upstreams-queue"));
        IngestEndpoint e(session, options);
        QVERIFY2(e.start(), qPrintable(e.errorString()));
        QVERIFY(e.forwarder("alpha"));
        QVERIFY(e.forwarder("beta"));
        QVERIFY(!e.forwarder("local-only"));
        QCOMPARE(e.forwarder("alpha")->upstream().publicKey, QStringLiteral("alphakey"));
        QVERIFY(e.forwarder("beta")->status().upstream.endsWith(QStringLiteral("/prefix/22")));
        QVERIFY(!e.forwarder("beta")->status().upstream.contains(QStringLiteral("betakey")));

        std::map<std::string, std::vector<std::string>> bodies;
        std::vector<std::shared_ptr<int>> answers;
        int n = 0;
        for (const std::string project : {"alpha", "beta", "local-only", "alpha", "beta", "alpha"}) {
            bodies[project].push_back(envelopeWithEvent(eventId(static_cast<int>(project.size()), ++n), project));
            answers.push_back(post(e, project, bodies[project].back()));
        }
        for (const auto& status : answers)
            QTRY_COMPARE(*status, 200);

        // alpha's three arrive while beta's upstream is down.
        QTRY_COMPARE_WITH_TIMEOUT(alpha.received.size(), std::size_t {3}, 20000);
        QTRY_COMPARE(e.forwarder("beta")->queued(), qint64 {2});
        QTRY_VERIFY(e.forwarder("beta")->status().failing);
        const ForwardStatus down = e.forwarder("beta")->status();
        QVERIFY(!down.lastError.isEmpty());
        QVERIFY(!down.lastError.contains(QStringLiteral("betakey")));
        QVERIFY(down.nextRetryMs > 0);
        QTRY_COMPARE(e.forwarder("alpha")->status().forwarded, qint64 {3}); // counted once its answer is read
        QCOMPARE(e.forwarder("alpha")->status().failing, false);
        const auto statuses = e.forwardStatus();
        QCOMPARE(statuses.size(), std::size_t {2});
        QCOMPARE(statuses[0].project, QStringLiteral("alpha"));
        QCOMPARE(statuses[1].project, QStringLiteral("beta"));

        // beta comes up: its queue goes, in order, with beta's key, and no other project's request.
        QSignalSpy changed(&e, &IngestEndpoint::forwardingChanged);
        QVERIFY(beta.comeUp());
        QTRY_COMPARE_WITH_TIMEOUT(beta.received.size(), std::size_t {2}, 20000);
        QTRY_COMPARE(e.forwarder("beta")->queued(), qint64 {0});
        QTRY_VERIFY(!e.forwarder("beta")->status().failing);
        QTRY_VERIFY(changed.count() > 0); // throttled like the counters

        // The posts went over parallel connections: each upstream gets its project's requests in the order the
        // endpoint answered them, which need not be the order they were sent in.
        auto bodiesOf = [](const FakeUpstream& upstream, const std::string& path, const std::string& key) {
            std::vector<std::string> out;
            for (const HttpRequest& r : upstream.received) {
                out.push_back(r.path == path && sentryKeyOf(r).value_or("") == key ? r.body : "wrong path or key");
            }
            std::sort(out.begin(), out.end());
            return out;
        };
        std::sort(bodies["alpha"].begin(), bodies["alpha"].end());
        std::sort(bodies["beta"].begin(), bodies["beta"].end());
        QCOMPARE(bodiesOf(alpha, "/api/11/envelope/", "alphakey"), bodies["alpha"]);
        QCOMPARE(bodiesOf(beta, "/prefix/api/22/envelope/", "betakey"), bodies["beta"]);
    }

    void eachQueueSurvivesARestartAndTheOldSharedQueueIsAdopted()
    {
        const QString root = m_dir.filePath(QStringLiteral("restart-queue"));
        QVERIFY(QDir().mkpath(root));
        // A request left by a version with one queue for all projects, in its format.
        const std::string legacyBody = envelopeWithEvent(eventId(9, 1), "left by the old queue");
        {
            QFile legacy(QDir(root).filePath(QStringLiteral("00000000000000000001.req")));
            QVERIFY(legacy.open(QIODevice::WriteOnly));
            legacy.write("envelope \n");
            legacy.write(legacyBody.data(), static_cast<qint64>(legacyBody.size()));
        }
        FakeUpstream first(FakeUpstream::Start::Down);
        FakeUpstream second(FakeUpstream::Start::Down);
        auto session = openSession(QStringLiteral("restart.stackdeck"));
        EndpointOptions options;
        options.projects = {"first", "second"};
        options.forwardDsns["first"] = QStringLiteral("http://k1@127.0.0.1:%1/1").arg(first.port());
        options.forwardDsns["second"] = QStringLiteral("http://k2@127.0.0.1:%1/2").arg(second.port());
        options.forwardQueueDir = root;
        std::string firstBody;
        std::string secondBody;
        {
            IngestEndpoint e(session, options); // both upstreams down
            QVERIFY(e.start());
            firstBody = envelopeWithEvent(eventId(1, 7), "first, before the restart");
            secondBody = envelopeWithEvent(eventId(2, 7), "second, before the restart");
            auto a = post(e, "first", firstBody);
            auto b = post(e, "second", secondBody);
            QTRY_COMPARE(*a, 200);
            QTRY_COMPARE(*b, 200);
            QTRY_COMPARE(e.forwarder("first")->queued(), qint64 {2}); // the adopted one and its own
            QTRY_COMPARE(e.forwarder("second")->queued(), qint64 {1});
            QVERIFY(QDir(root, QStringLiteral("*.req"), QDir::Name, QDir::Files).isEmpty());
        }
        QVERIFY(first.comeUp());
        QVERIFY(second.comeUp());
        IngestEndpoint e(session, options);
        QVERIFY(e.start());
        QTRY_COMPARE_WITH_TIMEOUT(first.received.size(), std::size_t {2}, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(second.received.size(), std::size_t {1}, 20000);
        QCOMPARE(first.received[0].body, legacyBody); // oldest first
        QCOMPARE(first.received[1].body, firstBody);
        QCOMPARE(second.received[0].body, secondBody);
        QCOMPARE(sentryKeyOf(second.received[0]).value_or(""), std::string("k2"));
        QTRY_COMPARE(e.forwarder("first")->queued(), qint64 {0});
        QTRY_COMPARE(e.forwarder("second")->queued(), qint64 {0});
    }

    void forwardingChangedWhileRunning()
    {
        FakeUpstream first(FakeUpstream::Start::Down);
        QVERIFY(first.comeUp());
        auto session = openSession(QStringLiteral("switch.stackdeck"));
        EndpointOptions options;
        options.projects = {"app"};
        options.forwardQueueDir = m_dir.filePath(QStringLiteral("switch-queue"));
        IngestEndpoint e(session, options);
        QVERIFY(e.start());
        QVERIFY(!e.forwarder("app"));
        auto status = post(e, "app", envelopeWithEvent(eventId(1, 1), "before"));
        QTRY_COMPARE(*status, 200);

        QString why;
        QVERIFY(!e.setForward("app", QStringLiteral("http://127.0.0.1:1/5"), &why));
        QVERIFY(why.contains(QStringLiteral("public key")));
        QVERIFY(!e.forwarder("app"));
        QVERIFY(e.setForward("app", QStringLiteral("http://k1@127.0.0.1:%1/5").arg(first.port()), &why));
        status = post(e, "app", envelopeWithEvent(eventId(1, 2), "after"));
        QTRY_COMPARE(*status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(first.received.size(), std::size_t {1}, 20000); // only what came after
        QVERIFY(e.setForward("app", QString()));
        QVERIFY(!e.forwarder("app"));
        QVERIFY(e.forwardStatus().empty());
    }

    void refusesWhatIsNotADsn_data()
    {
        QTest::addColumn<QString>("dsn");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QString() << QStringLiteral("empty");
        QTest::newRow("not a url") << QStringLiteral("http://key@[bad/1") << QStringLiteral("not a URL");
        QTest::newRow("ftp") << QStringLiteral("ftp://key@host/1") << QStringLiteral("https://");
        QTest::newRow("no scheme") << QStringLiteral("key@o1.ingest.sentry.io/1") << QStringLiteral("https://");
        QTest::newRow("no key") << QStringLiteral("https://o1.ingest.sentry.io/1") << QStringLiteral("public key");
        QTest::newRow("no project") << QStringLiteral("https://key@o1.ingest.sentry.io/")
                                    << QStringLiteral("project id");
        QTest::newRow("project not a number")
            << QStringLiteral("https://key@o1.ingest.sentry.io/api") << QStringLiteral("must be a number");
        QTest::newRow("query") << QStringLiteral("https://key@host/1?x=1") << QStringLiteral("query");
    }

    void refusesWhatIsNotADsn()
    {
        QFETCH(QString, dsn);
        QFETCH(QString, reason);
        QString why;
        QVERIFY(!UpstreamDsn::parse(dsn, &why));
        QVERIFY2(why.contains(reason), qPrintable(why));
        QVERIFY(dsn.isEmpty() || !why.contains(QStringLiteral("key@"))); // the key is never repeated

        auto session = openSession(QStringLiteral("refuse.stackdeck"));
        EndpointOptions options;
        options.projects = {"app"};
        options.forwardDsns["app"] = dsn.isEmpty() ? QStringLiteral(" ") : dsn;
        options.forwardQueueDir = m_dir.filePath(QStringLiteral("refuse-queue"));
        IngestEndpoint e(session, options);
        if (dsn.isEmpty()) {
            QVERIFY(e.start()); // blank: no forwarding
            QVERIFY(!e.forwarder("app"));
        } else {
            QVERIFY(!e.start());
            QVERIFY2(e.errorString().contains(QStringLiteral("app")) && e.errorString().contains(reason),
                qPrintable(e.errorString()));
        }

        const ForwardSaveOutcome saved
            = saveForward(session, QStringLiteral("app"), dsn.isEmpty() ? QStringLiteral("x") : dsn);
        QVERIFY(!saved.saved);
        QVERIFY(saved.message.startsWith(QStringLiteral("Not a DSN")));
    }

    void parsesDsns_data()
    {
        QTest::addColumn<QString>("dsn");
        QTest::addColumn<QString>("envelopeUrl");
        QTest::addColumn<QString>("withoutKey");
        QTest::newRow("sentry.io") << QStringLiteral("https://abc@o1.ingest.sentry.io/42")
                                   << QStringLiteral("https://o1.ingest.sentry.io/api/42/envelope/")
                                   << QStringLiteral("https://o1.ingest.sentry.io/42");
        QTest::newRow("self-hosted with prefix and port")
            << QStringLiteral("http://abc@sentry.lan:9000/sub/7/")
            << QStringLiteral("http://sentry.lan:9000/sub/api/7/envelope/")
            << QStringLiteral("http://sentry.lan:9000/sub/7");
        QTest::newRow("legacy secret") << QStringLiteral("https://abc:secret@host/3")
                                       << QStringLiteral("https://host/api/3/envelope/")
                                       << QStringLiteral("https://host/3");
    }

    void parsesDsns()
    {
        QFETCH(QString, dsn);
        QFETCH(QString, envelopeUrl);
        QFETCH(QString, withoutKey);
        const auto upstream = UpstreamDsn::parse(dsn);
        QVERIFY(upstream);
        QCOMPARE(upstream->publicKey, QStringLiteral("abc"));
        QCOMPARE(upstream->endpoint(true).toString(), envelopeUrl);
        QCOMPARE(upstream->withoutKey(), withoutKey);
    }

    void savedUpstreamKeepsItsKeyOutOfTheWorkspace()
    {
        auto session = openSession(QStringLiteral("saved.stackdeck"));
        const ForwardSaveOutcome saved = saveForward(
            session, QStringLiteral("web"), QStringLiteral("https://secretkey123@o9.ingest.sentry.io/77"));
        QVERIFY2(saved.saved, qPrintable(saved.message));
        QVERIFY(!saved.keyKept); // STACKDECK_NO_KEYCHAIN: no keychain, and nowhere else either
        QVERIFY(!saved.message.contains(QStringLiteral("secretkey123")));
        QVERIFY(saved.message.contains(QStringLiteral("until Stackdeck closes")));

        const auto rows
            = store::readWithSession(session, [](sql::Database& db) -> Result<std::vector<store::ForwardUpstream>> {
                  return store::forwardUpstreams(db);
              });
        QVERIFY(rows);
        QCOMPARE(rows->size(), std::size_t {1});
        QCOMPARE(rows->front().project, std::string("web"));
        QCOMPARE(rows->front().upstream, std::string("https://o9.ingest.sentry.io/77"));
        QVERIFY(!rows->front().keyRef.empty());
        session.reset();
        QFile file(m_dir.filePath(QStringLiteral("saved.stackdeck")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("secretkey123"));
        QFile wal(m_dir.filePath(QStringLiteral("saved.stackdeck-wal")));
        if (wal.open(QIODevice::ReadOnly))
            QVERIFY(!wal.readAll().contains("secretkey123"));

        session = openSession(QStringLiteral("saved.stackdeck"));
        QString error;
        auto loaded = loadSavedForwards(session, true, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(loaded.size(), std::size_t {1});
        QCOMPARE(loaded.front().project, QStringLiteral("web"));
        QCOMPARE(loaded.front().upstream, QStringLiteral("https://o9.ingest.sentry.io/77"));
        QVERIFY(loaded.front().dsn.isEmpty());
        QVERIFY(loaded.front().problem.contains(QStringLiteral("STACKDECK_NO_KEYCHAIN")));

        // Saved again: the same keychain entry; then removed.
        QVERIFY(
            saveForward(session, QStringLiteral("web"), QStringLiteral("https://other@o9.ingest.sentry.io/78")).saved);
        const auto again
            = store::readWithSession(session, [](sql::Database& db) -> Result<std::optional<store::ForwardUpstream>> {
                  return store::forwardUpstream(db, "web");
              });
        QVERIFY(again && *again);
        QCOMPARE((*again)->keyRef, rows->front().keyRef);
        QCOMPARE((*again)->upstream, std::string("https://o9.ingest.sentry.io/78"));
        QVERIFY(saveForward(session, QStringLiteral("web"), QString()).saved);
        QVERIFY(loadSavedForwards(session, false).empty());
    }
};

QTEST_GUILESS_MAIN(TestIngestForwarding)
#include "tst_ingestforwarding.moc"
