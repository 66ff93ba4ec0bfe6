// What the local endpoint keeps besides events (issue #19, "store, never
// drop"): items nobody interprets and items refused inside a stored envelope
// go to kept_items with their bytes, in the same transaction as the events,
// bounded by a retention cap; and the issues its commits create or its triage
// brings back are reported for alerts.

#include "clirunner.h"
#include "formats/protocolkeys.h"
#include "formats/recordsource.h"
#include "ingest/ingestendpoint.h"
#include "sdkenvelopes.h"
#include "store/eventqueries.h"
#include "store/issuequeries.h"
#include "store/keptitems.h"
#include "store/sessionaccess.h"
#include "store/triageactions.h"
#include "store/workspacesession.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <arpa/inet.h>
#include <future>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

using namespace stackdeck;
using namespace stackdeck::ingest;

namespace {

// Sends one request on a fresh connection to 127.0.0.1:port and returns the
// answer's status (0: none), reading the head only.
int exchange(quint16 port, const std::string& request)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv {20, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int status = 0;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0
        && ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
        std::string head;
        char chunk[4096];
        ssize_t n;
        while (head.find("\r\n\r\n") == std::string::npos && (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0)
            head.append(chunk, static_cast<std::size_t>(n));
        if (head.size() > 12)
            status = std::atoi(head.substr(9, 3).c_str());
    }
    ::close(fd);
    return status;
}

std::string item(const std::string& header, const std::string& payload)
{
    return header + "\n" + payload + "\n";
}

std::string eventPayload(const std::string& eventId, const std::string& message)
{
    return nlohmann::json {{"event_id", eventId}, {"message", message}, {"level", "error"}, {"platform", "python"},
        {"timestamp", static_cast<double>(QDateTime::currentMSecsSinceEpoch()) / 1000.0}}
        .dump();
}

std::string eventItem(const std::string& eventId, const std::string& message)
{
    const std::string payload = eventPayload(eventId, message);
    return item(R"({"type":"event","length":)" + std::to_string(payload.size()) + "}", payload);
}

} // namespace

class TestIngestKept : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::shared_ptr<store::WorkspaceSession> openSession(const QString& name)
    {
        auto s = store::WorkspaceSession::open(m_dir.filePath(name).toStdString());
        if (!s)
            qFatal("%s", s.error().message.c_str());
        return *s;
    }

    static std::string post(const IngestEndpoint& e, const std::string& body)
    {
        const store::IngestKey& key = e.keys().front();
        return "POST /api/" + std::to_string(key.projectId) + "/envelope/ HTTP/1.1\r\nHost: 127.0.0.1:"
            + std::to_string(e.port()) + "\r\nX-Sentry-Auth: Sentry sentry_key=" + key.publicKey
            + ", sentry_version=7\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    }

    // Posts and waits for the answer while this thread runs the endpoint's loop.
    static int send(const IngestEndpoint& e, const std::string& body)
    {
        auto reply = std::async(
            std::launch::async, [request = post(e, body), port = e.port()] { return exchange(port, request); });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(reply.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 30000);
        }();
        return reply.get();
    }

    static std::vector<store::KeptItem> kept(const std::shared_ptr<store::WorkspaceSession>& session)
    {
        auto items = store::readWithSession(session, [](sql::Database& db) {
            return store::keptItems(db, store::KeptItemsQuery {1000, false});
        });
        if (!items)
            qFatal("%s", items.error().message.c_str());
        return *items;
    }

    static std::string data(const std::shared_ptr<store::WorkspaceSession>& session, std::int64_t id)
    {
        auto bytes = store::readWithSession(session, [id](sql::Database& db) { return store::keptItemData(db, id); });
        return bytes ? *bytes : std::string("<error: ") + bytes.error().message + ">";
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // A well-framed envelope: a good event, an event whose JSON is broken, a
    // session and an item type nobody knows -> 200, the good event stored,
    // one rejection and two kept items with their bytes, after a reopen too.
    void refusedAndUninterpretedItemsAreKept()
    {
        const std::string path = m_dir.filePath(QStringLiteral("kept.stackdeck")).toStdString();
        const std::string good = "0123456789abcdef0123456789abcdef";
        const std::string session = nlohmann::json {{"sid", "7c7b6585f3f146c8a3b2b5f1b7b0c0de"}, {"status", "ok"},
            {"errors", 0}, {"started", "2026-12-07T06:00:00Z"},
            {"attrs",
                {{"release", "a@1"}}}}.dump();
        std::string unknown = "\x01\x02 not json at all \xff";
        unknown += std::string(200, 'z'); // long enough to be compressed
        const std::string envelope = nlohmann::json {{"event_id", good}}.dump() + "\n" + eventItem(good, "kept one")
            + item(R"({"type":"event","length":5})", "{brok")
            + item(R"({"type":"session","length":)" + std::to_string(session.size()) + "}", session)
            + item(R"({"type":"x_custom","content_type":"application/octet-stream","length":)"
                    + std::to_string(unknown.size()) + "}",
                unknown);
        {
            auto s = openSession(QStringLiteral("kept.stackdeck"));
            IngestEndpoint e(s);
            QVERIFY2(e.start(), qPrintable(e.errorString()));
            QCOMPARE(send(e, envelope), 200);
            QCOMPARE(e.counters().rejectedItems, 1);
            const auto found = store::readWithSession(
                s, [&](sql::Database& db) -> Result<bool> { return store::eventByEventId(db, good).has_value(); });
            QVERIFY(found.ok() && *found);
            e.stop();
        }
        // Reopened: the rows are in the workspace, not in the endpoint's memory.
        auto s = store::WorkspaceSession::open(path);
        QVERIFY(s.ok());
        const auto items = kept(*s);
        QCOMPARE(items.size(), std::size_t {3});
        // Newest first; within one envelope in item order, so reverse.
        const store::KeptItem& refused = items[2];
        const store::KeptItem& sessionItem = items[1];
        const store::KeptItem& custom = items[0];
        QVERIFY(refused.rejection.has_value());
        QVERIFY2(!refused.rejection->empty(), refused.rejection->c_str());
        QCOMPARE(refused.itemType, std::string("event"));
        QCOMPARE(refused.itemIndex, 2);
        QCOMPARE(refused.rawSize, 5);
        QCOMPARE(data(*s, refused.id), std::string("{brok"));
        QVERIFY(!sessionItem.rejection);
        QCOMPARE(sessionItem.itemType, std::string("session"));
        QCOMPARE(sessionItem.itemIndex, 3);
        QCOMPARE(data(*s, sessionItem.id), session);
        QVERIFY(!custom.rejection);
        QCOMPARE(custom.itemType, std::string("x_custom"));
        QCOMPARE(custom.contentType, std::string("application/octet-stream"));
        QCOMPARE(custom.rawSize, static_cast<std::int64_t>(unknown.size()));
        QVERIFY(custom.storedSize < custom.rawSize); // compressed
        QCOMPARE(data(*s, custom.id), unknown);
        for (const store::KeptItem& k : items) {
            QCOMPARE(k.project, std::string("default"));
            QCOMPARE(k.envelopeEventId, good);
            QVERIFY(std::abs(k.receivedAt - QDateTime::currentMSecsSinceEpoch() * 1000) < 600'000'000);
        }
        auto refusedOnly = store::readWithSession(*s, [](sql::Database& db) {
            return store::keptItems(db, store::KeptItemsQuery {10, true});
        });
        QVERIFY(refusedOnly.ok());
        QCOMPARE(refusedOnly->size(), std::size_t {1});
        QCOMPARE(refusedOnly->front().id, refused.id);

        // The CLI lists them and writes one's bytes exactly.
        const QString db = QString::fromStdString(path);
        const auto listed
            = test::runCli({QStringLiteral("kept"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QCOMPARE(listed.exitCode, 0);
        const auto json = nlohmann::json::parse(listed.out.toStdString());
        QCOMPARE(json["kept"].size(), std::size_t {3});
        QCOMPARE(json["kept"][0]["item_type"].get<std::string>(), std::string("x_custom"));
        QVERIFY(json["kept"][0]["rejection"].is_null());
        QVERIFY(json["kept"][2]["rejection"].is_string());
        const auto rejected = test::runCli({QStringLiteral("kept"), QStringLiteral("--db"), db,
            QStringLiteral("--rejected"), QStringLiteral("--json")});
        QCOMPARE(nlohmann::json::parse(rejected.out.toStdString())["kept"].size(), std::size_t {1});
        const QString out = m_dir.filePath(QStringLiteral("custom.bin"));
        const auto written = test::runCli({QStringLiteral("kept"), QStringLiteral("--db"), db,
            QString::number(custom.id), QStringLiteral("-o"), out});
        QCOMPARE(written.exitCode, 0);
        QVERIFY2(written.out.contains("x_custom"), written.out.constData());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().toStdString(), unknown);
        const auto missing = test::runCli({QStringLiteral("kept"), QStringLiteral("--db"), db, QStringLiteral("999")});
        QCOMPARE(missing.exitCode, 2);
    }

    // Every envelope the real SDKs sent (shared/corpus/sdk/received): each
    // item nobody interprets (their sessions, client reports...) is kept
    // with the very bytes a file reader finds in that envelope.
    void realSdkItemsAreKeptByteExact()
    {
        STACKDECK_REQUIRE_CORPUS();
        const std::vector<std::string> bodies = test::sdkEnvelopeBodies();
        QVERIFY(!bodies.empty());
        auto s = openSession(QStringLiteral("corpus.stackdeck"));
        IngestEndpoint e(s);
        QVERIFY(e.start());
        std::vector<std::string> expected; // "type\x1fbytes"
        int envelopes = 0;
        for (const std::string& body : bodies) {
            ReaderOptions reader;
            reader.keepSkippedPayloads = true;
            auto source = RecordSource::fromBuffer(body, "corpus", reader);
            RawRecord raw;
            while (source->next(raw)) {
                if (!itemTypeIsDecoded(raw.itemType))
                    expected.push_back(raw.itemType + '\x1f' + raw.payload);
                raw = RawRecord {};
            }
            QCOMPARE(send(e, body), 200);
            ++envelopes;
        }
        e.stop();
        QVERIFY(envelopes > 100);
        QVERIFY2(expected.size() >= 20, std::to_string(expected.size()).c_str());
        std::vector<std::string> stored;
        for (const store::KeptItem& k : kept(s)) {
            QVERIFY(!k.rejection); // the SDKs sent nothing broken
            stored.push_back(k.itemType + '\x1f' + data(s, k.id));
        }
        std::sort(expected.begin(), expected.end());
        std::sort(stored.begin(), stored.end());
        QCOMPARE(stored.size(), expected.size());
        QVERIFY(stored == expected);
        qInfo("%zu uninterpreted items of %d real SDK envelopes kept byte for byte", stored.size(), envelopes);
    }

    // An envelope of sessions only is stored too (nothing else to write), and
    // the table stays within its caps (rows or stored bytes), the oldest
    // rows going first.
    void retentionDropsTheOldest_data()
    {
        QTest::addColumn<qint64>("maxRows");
        QTest::addColumn<qint64>("maxBytes");
        QTest::newRow("rows") << qint64 {10} << qint64 {1};
        QTest::newRow("bytes") << qint64 {100000} << qint64 {300};
    }

    void retentionDropsTheOldest()
    {
        QFETCH(qint64, maxRows);
        QFETCH(qint64, maxBytes);
        if (maxBytes == 1)
            maxBytes = std::int64_t {256} << 20;
        auto s = openSession(QStringLiteral("retention-%1.stackdeck").arg(QLatin1String(QTest::currentDataTag())));
        EndpointOptions options;
        options.pipeline.keptRetention.maxRows = maxRows;
        options.pipeline.keptRetention.maxBytes = maxBytes;
        IngestEndpoint e(s, options);
        QVERIFY2(e.start(), qPrintable(e.errorString()));
        for (int i = 0; i < 25; ++i) {
            const std::string payload = "{\"sid\":\"s" + std::to_string(i) + "\",\"status\":\"ok\"}";
            QCOMPARE(send(e, "{}\n" + item(R"({"type":"session"})", payload)), 200);
        }
        const auto items = kept(s);
        std::int64_t bytes = 0;
        for (const store::KeptItem& k : items)
            bytes += k.storedSize;
        QVERIFY2(static_cast<std::int64_t>(items.size()) <= maxRows && bytes <= maxBytes,
            (std::to_string(items.size()) + " rows, " + std::to_string(bytes) + " bytes").c_str());
        QVERIFY(items.size() >= 5 && items.size() < 25); // pruned, not emptied
        // The newest is the last sent, and the oldest went first.
        QCOMPARE(data(s, items.front().id), std::string("{\"sid\":\"s24\",\"status\":\"ok\"}"));
        QCOMPARE(
            data(s, items.back().id), "{\"sid\":\"s" + std::to_string(25 - items.size()) + "\",\"status\":\"ok\"}");
        e.stop();
    }

    // Keeping can be turned off: nothing goes to kept_items, the answer is the same.
    void keepingOff()
    {
        auto s = openSession(QStringLiteral("off.stackdeck"));
        EndpointOptions options;
        options.pipeline.keepItems = false;
        IngestEndpoint e(s, options);
        QVERIFY(e.start());
        QCOMPARE(send(e, "{}\n" + item(R"({"type":"session"})", R"({"sid":"x"})")), 200);
        QCOMPARE(e.counters().skippedItems, 1);
        QCOMPARE(kept(s).size(), std::size_t {0});
        e.stop();
    }

    // The endpoint says which issues its events created, and which resolved
    // issue its triage re-evaluation brought back (a regression).
    void reportsCreatedAndRegressedIssues()
    {
        auto s = openSession(QStringLiteral("alerts.stackdeck"));
        IngestEndpoint e(s);
        QVERIFY(e.start());
        QSignalSpy changed(&e, &IngestEndpoint::issuesChanged);
        const std::string first = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
        QCOMPARE(send(e, "{}\n" + eventItem(first, "it broke")), 200);
        QTRY_VERIFY(!changed.isEmpty());
        const auto created = changed.takeFirst().at(0).value<QList<qint64>>();
        QCOMPARE(created.size(), 1);
        const IssueId issue(created.front());
        // Resolve it, then the same error again: a regression.
        auto resolved = store::writeWithSession(s, "test", [&](sql::Database& db) -> Result<std::int64_t> {
            store::TriageChange change;
            change.status = triage::Status::Resolved;
            auto done = store::applyTriage(db, {issue}, change, {"tester", 0, {}, nullptr});
            if (!done)
                return done.error();
            return done->issues;
        });
        QVERIFY(resolved.ok());
        QCOMPARE(*resolved, 1);
        changed.clear();
        QCOMPARE(send(e, "{}\n" + eventItem("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", "it broke")), 200);
        // Triage runs at most once a second, and when the endpoint goes idle.
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
        QList<qint64> cameBack;
        for (const auto& args : changed) {
            QCOMPARE(args.at(0).value<QList<qint64>>().size(), 0); // no new issue
            cameBack += args.at(1).value<QList<qint64>>();
        }
        QCOMPARE(cameBack, QList<qint64> {issue.value});
        const auto status = store::readWithSession(
            s, [&](sql::Database& db) -> Result<int> { return static_cast<int>(store::issueById(db, issue)->status); });
        QVERIFY(status.ok());
        QCOMPARE(*status, static_cast<int>(IssueStatus::Unresolved));
        e.stop();
    }
};

QTEST_GUILESS_MAIN(TestIngestKept)
#include "tst_ingestkept.moc"
