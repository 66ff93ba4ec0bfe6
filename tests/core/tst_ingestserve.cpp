// stackdeck-cli serve's forwarding options (#19, forwarding per project): run
// as a user runs it, with two projects each forwarded to its own fake
// upstream on 127.0.0.1 (--forward PROJECT=DSN); what is not a DSN refused
// with the reason; --save-forward keeps the upstream without its key (no
// keychain here: the next run says the key is missing), and no key is ever
// printed.

#include "clirunner.h"
#include "dsnpost.h"
#include "fakeupstream.h"
#include "ingest/sentryauth.h"
#include "testsupport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;

namespace {

using test::FakeUpstream;

// A session update, as SDKs send them: kept as received, not interpreted.
QByteArray sessionEnvelope(int n)
{
    const std::string payload = nlohmann::json {{"sid", std::to_string(100000 + n)}, {"status", "ok"}, {"init", true},
        {"started", "2026-12-01T00:00:00Z"},
        {"attrs",
            {{"release", "app@1"}}}}.dump();
    return QByteArray::fromStdString("{}\n" + std::string(R"({"type":"session","length":)")
        + std::to_string(payload.size()) + "}\n" + payload + "\n");
}

QByteArray envelope(const std::string& eventId)
{
    const std::string payload = nlohmann::json {{"event_id", eventId}, {"message", "hello"}, {"level", "error"},
        {"platform", "python"}}.dump();
    return QByteArray::fromStdString(nlohmann::json {{"event_id", eventId}}.dump() + "\n"
        + R"({"type":"event","length":)" + std::to_string(payload.size()) + "}\n" + payload + "\n");
}

} // namespace

class TestIngestServe : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QNetworkAccessManager m_net;

    QString db(const QString& name) const { return m_dir.filePath(name); }

    static QProcessEnvironment environment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STACKDECK_NO_KEYCHAIN"), QStringLiteral("1"));
        return env;
    }

    // Runs serve to its end (it fails at once on bad options): exit code and stderr.
    std::pair<int, QString> runToEnd(const QStringList& args)
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(test::cliPath(), QStringList {QStringLiteral("serve")} + args);
        p.waitForFinished(30000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
    }

    int post(const QString& dsn, const QByteArray& body) { return test::postToDsn(m_net, dsn, body); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void refusesBadForwardOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("project not served") << QStringList {QStringLiteral("--project"), QStringLiteral("a"),
            QStringLiteral("--forward"), QStringLiteral("b=https://key@host/1")}
                                            << QStringLiteral("that project is not served (add --project b)");
        QTest::newRow("no key") << QStringList {QStringLiteral("--forward"), QStringLiteral("https://host/5")}
                                << QStringLiteral("not a DSN: the DSN has no public key");
        QTest::newRow("project id not a number")
            << QStringList {QStringLiteral("--forward"), QStringLiteral("default=https://secretkey@host/api")}
            << QStringLiteral("must be a number");
        QTest::newRow("neither") << QStringList {QStringLiteral("--forward"), QStringLiteral("nonsense")}
                                 << QStringLiteral("--forward needs a DSN or PROJECT=DSN");
        QTest::newRow("save without forward")
            << QStringList {QStringLiteral("--save-forward")} << QStringLiteral("--save-forward needs --forward");
    }

    void refusesBadForwardOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto [code, err]
            = runToEnd(QStringList {QStringLiteral("--db"), db(QStringLiteral("bad.stackdeck"))} + args);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(message), qPrintable(err));
        QVERIFY(!err.contains(QStringLiteral("secretkey")));
    }

    void refusesBadKeepOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative count") << QStringList {QStringLiteral("--keep-items"), QStringLiteral("-1")}
                                        << QStringLiteral("--keep-items needs a number of items");
        QTest::newRow("not a count") << QStringList {QStringLiteral("--keep-items"), QStringLiteral("many")}
                                     << QStringLiteral("--keep-items needs a number of items");
        QTest::newRow("no bytes") << QStringList {QStringLiteral("--keep-bytes"), QStringLiteral("0")}
                                  << QStringLiteral("--keep-bytes needs a positive number of bytes");
    }

    void refusesBadKeepOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto [code, err]
            = runToEnd(QStringList {QStringLiteral("--db"), db(QStringLiteral("badkeep.stackdeck"))} + args);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(message), qPrintable(err));
    }

    // --keep-items N: at most N items kept as received, the oldest going
    // first; 0 keeps none.
    void keepsAsManyItemsAsAsked_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("sent");
        QTest::newRow("10 of 25") << 10 << 25;
        QTest::newRow("none") << 0 << 3;
    }

    void keepsAsManyItemsAsAsked()
    {
        QFETCH(int, limit);
        QFETCH(int, sent);
        const QString path = db(QStringLiteral("keep-%1.stackdeck").arg(limit));
        QProcess serve;
        serve.setProcessEnvironment(environment());
        serve.start(test::cliPath(),
            {QStringLiteral("serve"), QStringLiteral("--db"), path, QStringLiteral("--keep-items"),
                QString::number(limit)});
        QString dsn;
        QTRY_VERIFY_WITH_TIMEOUT(
            (dsn += QString::fromUtf8(serve.readAllStandardOutput()), dsn.contains(u'\n')), 20'000);
        dsn = dsn.trimmed();
        for (int i = 0; i < sent; ++i)
            QCOMPARE(post(dsn, sessionEnvelope(i)), 200);
        serve.terminate();
        QVERIFY(serve.waitForFinished(30'000));
        QCOMPARE(serve.exitCode(), 0);

        const test::CliRun kept = test::runCli({QStringLiteral("kept"), QStringLiteral("--db"), path,
            QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1000")});
        QCOMPARE(kept.exitCode, 0);
        const auto items = nlohmann::json::parse(kept.out.toStdString()).at("kept");
        if (limit == 0) {
            QCOMPARE(items.size(), std::size_t {0});
            return;
        }
        QVERIFY2(!items.empty() && items.size() <= static_cast<std::size_t>(limit), kept.out.constData());
        // The oldest went: the newest first, and the last one sent is there.
        QCOMPARE(items.front().at("id").get<int>(), sent);
        QCOMPARE(items.front().at("item_type").get<std::string>(), std::string("session"));
        QCOMPARE(items.back().at("id").get<int>(), sent - static_cast<int>(items.size()) + 1);
    }

    void forwardsEachProjectToItsOwnUpstream()
    {
        FakeUpstream a;
        FakeUpstream b;
        QProcess serve;
        serve.setProcessEnvironment(environment());
        serve.start(test::cliPath(),
            {QStringLiteral("serve"), QStringLiteral("--db"), db(QStringLiteral("two.stackdeck")),
                QStringLiteral("--project"), QStringLiteral("web"), QStringLiteral("--project"),
                QStringLiteral("worker"), QStringLiteral("--forward"),
                QStringLiteral("web=http://webkey@127.0.0.1:%1/5").arg(a.port()), QStringLiteral("--forward"),
                QStringLiteral("worker=http://workerkey@127.0.0.1:%1/6").arg(b.port()),
                QStringLiteral("--save-forward")});
        QStringList dsns;
        QTRY_VERIFY_WITH_TIMEOUT(
            (dsns += QString::fromUtf8(serve.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts),
                dsns.size() >= 2),
            20'000);
        QCOMPARE(dsns.size(), 2); // one line per project, in the order given
        QVERIFY(dsns[0] != dsns[1]);
        QCOMPARE(post(dsns[0], envelope("000000000000000000000000000000a1")), 200);
        QCOMPARE(post(dsns[1], envelope("000000000000000000000000000000b1")), 200);
        QCOMPARE(post(dsns[1], envelope("000000000000000000000000000000b2")), 200);
        QTRY_COMPARE_WITH_TIMEOUT(a.received.size(), std::size_t {1}, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(b.received.size(), std::size_t {2}, 20'000);
        QCOMPARE(ingest::sentryKeyOf(a.received[0]).value_or(""), std::string("webkey"));
        QCOMPARE(a.received[0].path, std::string("/api/5/envelope/"));
        QCOMPARE(ingest::sentryKeyOf(b.received[1]).value_or(""), std::string("workerkey"));
        // SIGTERM: stores, answers, prints the summary (a count still in flight may show as waiting).
        serve.terminate();
        QVERIFY(serve.waitForFinished(30'000));
        QCOMPARE(serve.exitCode(), 0);
        const QString err = QString::fromUtf8(serve.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("project web -> http://127.0.0.1:%1/5: forwarded ").arg(a.port())),
            qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("project worker -> http://127.0.0.1:%1/6: forwarded ").arg(b.port())),
            qPrintable(err));
        QVERIFY(err.contains(QStringLiteral("until Stackdeck closes"))); // --save-forward without a keychain
        QVERIFY(!err.contains(QStringLiteral("webkey")) && !err.contains(QStringLiteral("workerkey")));

        // The next run has the upstreams saved, not their keys: it says so and forwards nothing.
        QProcess again;
        again.setProcessEnvironment(environment());
        again.start(test::cliPath(),
            {QStringLiteral("serve"), QStringLiteral("--db"), db(QStringLiteral("two.stackdeck")),
                QStringLiteral("--project"), QStringLiteral("web")});
        QTRY_VERIFY_WITH_TIMEOUT(again.canReadLine(), 20'000);
        again.terminate();
        QVERIFY(again.waitForFinished(30'000));
        const QString warned = QString::fromUtf8(again.readAllStandardError());
        QVERIFY2(warned.contains(QStringLiteral("project web is not forwarded to http://127.0.0.1:%1/5").arg(a.port())),
            qPrintable(warned));
        QVERIFY(warned.contains(QStringLiteral("--forward web=DSN")));
        QVERIFY(!warned.contains(QStringLiteral("webkey")));
    }
};

QTEST_GUILESS_MAIN(TestIngestServe)
#include "tst_ingestserve.moc"
