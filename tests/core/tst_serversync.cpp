// The Sentry client and the pull against a fake server: Link parsing,
// actionable errors, retries through 429s (both header forms), 500s and
// dropped connections, and an end-to-end pull whose second run is cheap.

#include "fakesentry.h"
#include "importer/importjob.h"
#include "query/issuequery.h"
#include "server/linkheader.h"
#include "server/pullsync.h"
#include "server/sentryclient.h"
#include "store/accounts.h"
#include "store/issuequeries.h"
#include "store/serverrows.h"
#include "store/workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestServerSync : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void linkHeader_data();
    void linkHeader();
    void errors_data();
    void errors();
    void regionOutsideRefused();
    void pullEndToEnd();
    void vanishedIssues();
    void hashPages_data();
    void hashPages();
    void fileIssueJoinsServerIssue();

private:
    // A fresh workspace with an account on the started fake.
    static store::ServerAccount account(const std::string& path, quint16 port)
    {
        auto ws = store::Workspace::open(path);
        return store::ensureAccount((*ws)->db(), QStringLiteral("http://127.0.0.1:%1").arg(port).toStdString(), "acme");
    }
    static std::int64_t scalar(const std::string& path, const char* sql, const std::string& bound = {})
    {
        auto ws = store::Workspace::open(path);
        sql::Statement st((*ws)->db(), sql);
        if (!bound.empty())
            st.bind(1, bound);
        return st.step() ? st.int64(0) : -1;
    }
    server::ClientOptions fastOptions()
    {
        server::ClientOptions o;
        o.delayFilter = [this](int ms) {
            m_delays.push_back(ms);
            return 1;
        };
        o.transferTimeoutMs = 5000;
        return o;
    }
    std::vector<int> m_delays;
};

void TestServerSync::linkHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("next");
    QTest::newRow("sentry first page") << QByteArray(
        R"(<https://us.sentry.io/api/0/x/?cursor=1:0:1>; rel="previous"; results="false"; cursor="1:0:1", <https://us.sentry.io/api/0/x/?cursor=1:100:0>; rel="next"; results="true"; cursor="1:100:0")")
                                       << QStringLiteral("1:100:0");
    QTest::newRow("last page") << QByteArray(
        R"(<u>; rel="previous"; results="true"; cursor="a", <u>; rel="next"; results="false"; cursor="b")")
                               << QString();
    QTest::newRow("comma and semicolon in url")
        << QByteArray(R"(<https://h/x/?q=a,b;c>; rel="next"; results="true"; cursor="0:5:0")")
        << QStringLiteral("0:5:0");
    QTest::newRow("escaped quote in cursor")
        << QByteArray(R"(<u>; rel="next"; results="true"; cursor="a\"b")") << QStringLiteral("a\"b");
    QTest::newRow("unterminated") << QByteArray(R"(<u; rel="next")") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestServerSync::linkHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, next);
    const auto entry = server::nextPage(server::parseLinkHeader(header));
    QCOMPARE(entry ? entry->cursor : QString(), next);
}

void TestServerSync::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("failure");
    QTest::addColumn<bool>("badToken");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("says");
    using F = FakeSentry::Failure;
    using K = server::ApiErrorKind;
    QTest::newRow("401 bad token") << 0 << int(F::None) << true << int(K::Unauthorized) << QStringLiteral("expired");
    QTest::newRow("403 scope") << 403 << int(F::None) << false << int(K::Forbidden) << QStringLiteral("event:read");
    QTest::newRow("404") << 404 << int(F::None) << false << int(K::NotFound) << QStringLiteral("organization");
    QTest::newRow("500 every time") << 500 << int(F::None) << false << int(K::ServerError) << QStringLiteral("500");
    QTest::newRow("not json") << 0 << int(F::NotJson) << false << int(K::BadBody) << QStringLiteral("not JSON");
    QTest::newRow("truncated") << 0 << int(F::Truncated) << false << int(K::BadBody) << QStringLiteral("not JSON");
    QTest::newRow("dropped every time") << 0 << int(F::Dropped) << false << int(K::Network) << QStringLiteral("failed");
}

void TestServerSync::errors()
{
    QFETCH(int, status);
    QFETCH(int, failure);
    QFETCH(bool, badToken);
    QFETCH(int, kind);
    QFETCH(QString, says);
    FakeSentry fake;
    fake.forcedStatus = status;
    fake.forced = static_cast<FakeSentry::Failure>(failure);
    const quint16 port = fake.start();
    QVERIFY(port > 0);
    const QByteArray token = badToken ? QByteArray("wrong_token_value") : fake.token;
    server::SentryClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), token, fastOptions());
    std::optional<server::ApiResult> result;
    client.get(
        {}, QStringLiteral("organizations/acme/issues/"), {}, [&](server::ApiResult r) { result = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);
    QVERIFY(result->error.has_value());
    QCOMPARE(int(result->error->kind), kind);
    QVERIFY2(result->error->message.contains(says), qPrintable(result->error->message));
    QVERIFY(!result->error->message.contains(QString::fromUtf8(fake.token)));
    const bool retried = kind == int(server::ApiErrorKind::ServerError) || kind == int(server::ApiErrorKind::Network)
        || kind == int(server::ApiErrorKind::BadBody);
    QCOMPARE(client.stats().requests, retried ? 6 : 1); // maxAttempts, or no retry for 4xx
}

void TestServerSync::regionOutsideRefused()
{
    server::SentryClient client(QUrl(QStringLiteral("https://sentry.io")), "t");
    QVERIFY(client.allowRegion(QUrl(QStringLiteral("https://us.sentry.io"))));
    QString why;
    QVERIFY(!client.allowRegion(QUrl(QStringLiteral("https://sentry.io.evil.example")), &why));
    QVERIFY(!client.allowRegion(QUrl(QStringLiteral("http://de.sentry.io")), &why));
    QVERIFY(why.contains(QStringLiteral("not sent")));
    std::optional<server::ApiResult> result;
    client.get(QUrl(QStringLiteral("https://evil.example")), QStringLiteral("organizations/"), {},
        [&](server::ApiResult r) { result = std::move(r); });
    QTRY_VERIFY(result.has_value());
    QCOMPARE(int(result->error->kind), int(server::ApiErrorKind::HostRefused));
    QCOMPARE(client.stats().requests, 0);
}

void TestServerSync::pullEndToEnd()
{
    constexpr int kIssues = 1000;
    FakeSentry fake;
    fake.issues = kIssues;
    fake.failEvery = 5;
    const quint16 port = fake.start();
    QVERIFY(port > 0);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("ws.db")).toStdString();
    store::ServerAccount account;
    {
        auto ws = store::Workspace::open(path);
        QVERIFY(ws.ok());
        account
            = store::ensureAccount((*ws)->db(), QStringLiteral("http://127.0.0.1:%1").arg(port).toStdString(), "acme");
    }
    server::PullOptions options;
    options.client = fastOptions();
    QElapsedTimer clock;
    clock.start();
    const auto first = server::pullAccount(path, account, fake.token, options);
    QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
    qInfo(
        "pull of %d issues over %lld pages, every 5th request failing: %lld requests (%lld retries, %lld 429s), %.2f s",
        kIssues, static_cast<long long>(first->pages), static_cast<long long>(first->client.requests),
        static_cast<long long>(first->client.retries), static_cast<long long>(first->client.rateLimited),
        first->seconds);
    qInfo("fetched %lld events, %lld already stored, %lld imported, %lld issues failed, %zu warnings %s",
        static_cast<long long>(first->eventsFetched), static_cast<long long>(first->eventsAlreadyStored),
        static_cast<long long>(first->eventsImported), static_cast<long long>(first->issuesFailed),
        first->warnings.size(), first->warnings.empty() ? "" : first->warnings.front().c_str());
    QCOMPARE(first->pages, 10);
    QCOMPARE(first->issuesListed, kIssues);
    QCOMPARE(first->issuesNew, kIssues);
    QCOMPARE(first->eventsImported, kIssues);
    QCOMPARE(first->issuesFailed, 0);
    QVERIFY(first->client.retries > 0);
    QVERIFY2(fake.violations.isEmpty(), qPrintable(fake.violations.join(u'\n')));
    {
        auto ws = store::Workspace::open(path);
        sql::Database& db = (*ws)->db();
        sql::Statement joined(db,
            "SELECT count(*) FROM events e JOIN issues i ON i.id = e.issue_id JOIN server_issues s ON s.issue_id = "
            "i.id "
            "WHERE i.server_id = s.server_id");
        QVERIFY(joined.step());
        QCOMPARE(joined.int64(0), kIssues);
        sql::Statement hashes(
            db, "SELECT count(*) FROM issue_hashes h JOIN issues i ON i.id = h.issue_id WHERE i.server_id IS NOT NULL");
        QVERIFY(hashes.step());
        QCOMPARE(hashes.int64(0), kIssues);
    }
    // Nothing changed on the server: the second pull lists the issues and fetches nothing else.
    fake.failEvery = 0;
    const auto before = fake.requests;
    const auto second = server::pullAccount(path, account, fake.token, options);
    QVERIFY(second.ok());
    QCOMPARE(second->issuesUnchanged, kIssues);
    QCOMPARE(second->eventsFetched, 0);
    QCOMPARE(fake.requests - before, 1 + 1 + 10); // organizations, projects, 10 issue pages
    // The token is nowhere in what the sync wrote.
    for (const QString& file : QDir(dir.path()).entryList(QDir::Files)) {
        QFile f(dir.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(fake.token), qPrintable(file));
    }
}

// Issues the query listed before and no longer lists are looked up by id:
// deleted (404), merged (another id answers), or changed so they no longer
// match (kept live, not looked up again until a listing returns them).
void TestServerSync::vanishedIssues()
{
    FakeSentry fake;
    fake.issues = 10;
    const quint16 port = fake.start();
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("ws.db")).toStdString();
    const auto acct = account(path, port);
    server::PullOptions options;
    options.client = fastOptions();
    const auto first = server::pullAccount(path, acct, fake.token, options);
    QVERIFY(first.ok());
    QCOMPARE(first->issuesRechecked, 0);
    fake.state[3].deleted = true;
    fake.state[4].mergedInto = 7;
    fake.state[5].status = QStringLiteral("resolved"); // a teammate: is:unresolved no longer lists it
    const auto second = server::pullAccount(path, acct, fake.token, options);
    QVERIFY2(second.ok(), second.ok() ? "" : second.error().message.c_str());
    QCOMPARE(second->issuesListed, 7);
    QCOMPARE(second->issuesRechecked, 3);
    QCOMPARE(second->issuesDeleted, 1);
    QCOMPARE(second->issuesMerged, 1);
    QCOMPARE(fake.byOperation[QStringLiteral("getOrganizationIssue")], 2); // the list by id returned #5
    QVERIFY2(fake.violations.isEmpty(), qPrintable(fake.violations.join(u'\n')));
    {
        auto ws = store::Workspace::open(path);
        sql::Database& db = (*ws)->db();
        const auto project = scalar(path, "SELECT id FROM projects WHERE server_id = '7'");
        const auto link
            = [&](const char* id) { return store::serverIssueLink(db, store::issueOfServerId(db, project, id)); };
        QCOMPARE(link("3")->state, std::string("deleted"));
        QCOMPARE(link("4")->state, std::string("merged"));
        QCOMPARE(link("4")->mergedInto, std::string("BACKEND-7"));
        QCOMPARE(link("5")->state, std::string("live"));
        QCOMPARE(link("6")->state, std::string("live"));
        // The issue list finds them by what the server said (is:deleted, is:merged).
        const auto issuesMatching = [&](const char* query) {
            const auto q = query::compileIssueQuery(query, 1'717'200'000'000'000LL);
            return store::countIssues(db, q.countFilter);
        };
        QCOMPARE(issuesMatching("is:deleted"), 1);
        QCOMPARE(issuesMatching("is:merged"), 1);
        QCOMPARE(issuesMatching("is:deleted OR is:merged"), 2);
        QCOMPARE(issuesMatching("!is:deleted !is:merged"), 8);
    }
    QCOMPARE(
        scalar(path, "SELECT i.status FROM issues i WHERE i.server_id = ?1", "5"), 1); // resolved, as the server says
    // Nothing is looked up twice: the third pull lists and stops.
    const auto before = fake.requests;
    const auto third = server::pullAccount(path, acct, fake.token, options);
    QVERIFY(third.ok());
    QCOMPARE(third->issuesRechecked, 0);
    QCOMPARE(fake.requests - before, 3);
    // Deleted stays deleted; the issue that comes back to the list is live again.
    fake.state[5].status = QStringLiteral("unresolved");
    QVERIFY(server::pullAccount(path, acct, fake.token, options).ok());
    QCOMPARE(scalar(path, "SELECT count(*) FROM server_issues WHERE state = 'live'"), 8);
    QCOMPARE(scalar(path, "SELECT count(*) FROM server_issues WHERE state = 'deleted'"), 1);
}

void TestServerSync::hashPages_data()
{
    QTest::addColumn<int>("hashes");
    QTest::addColumn<int>("pageBound");
    QTest::addColumn<int>("stored");
    QTest::addColumn<int>("pagesRead");
    QTest::newRow("one page") << 100 << 10 << 100 << 1;
    QTest::newRow("three pages") << 250 << 10 << 250 << 3;
    QTest::newRow("bound reached") << 450 << 2 << 200 << 2;
}

void TestServerSync::hashPages()
{
    QFETCH(int, hashes);
    QFETCH(int, pageBound);
    QFETCH(int, stored);
    QFETCH(int, pagesRead);
    FakeSentry fake;
    fake.issues = 3;
    fake.hashCount[2] = hashes;
    fake.failEvery = 4;
    const quint16 port = fake.start();
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("ws.db")).toStdString();
    server::PullOptions options;
    options.client = fastOptions();
    options.hashPagesPerIssue = pageBound;
    const auto r = server::pullAccount(path, account(path, port), fake.token, options);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->hashPages, pagesRead + 2); // issues 1 and 3: one page each
    QCOMPARE(r->hashes, stored + 2);
    QCOMPARE(r->warnings.empty(), stored == hashes);
    QCOMPARE(scalar(path,
                 "SELECT count(*) FROM issue_hashes h JOIN issues i ON i.id = h.issue_id WHERE i.server_id = ?1", "2"),
        stored);
    QVERIFY2(fake.violations.isEmpty(), qPrintable(fake.violations.join(u'\n')));
}

// An issue imported from a file whose hash the server lists for one of its
// issues joins that issue: its event, and its notes and triage, move over.
void TestServerSync::fileIssueJoinsServerIssue()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("ws.db")).toStdString();
    QFile file(dir.filePath(QStringLiteral("event.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"event_id": "0123456789abcdef0123456789abcdef", "timestamp": "2025-01-03T00:00:00Z",
        "platform": "python", "exception": {"values": [{"type": "KeyError", "value": "'user'",
        "stacktrace": {"frames": [{"function": "handler", "module": "app.views", "in_app": true}]}}]}})");
    file.close();
    ImportOptions io;
    io.project = "backend";
    const auto imported = ImportJob(path, io).run({file.fileName().toStdString()});
    QVERIFY(imported.fatalError.empty());
    QCOMPARE(imported.events, 1);
    const auto fileIssue = scalar(path, "SELECT issue_id FROM events");
    std::string hash;
    {
        auto ws = store::Workspace::open(path);
        sql::Statement st((*ws)->db(), "SELECT primary_hash FROM issues WHERE id = ?1");
        st.bind(1, fileIssue);
        QVERIFY(st.step());
        hash = st.text(0);
    }
    QVERIFY(!hash.empty());
    FakeSentry fake;
    fake.issues = 3;
    fake.moreHashes[2] = {QString::fromStdString(hash)};
    const quint16 port = fake.start();
    server::PullOptions options;
    options.client = fastOptions();
    const auto r = server::pullAccount(path, account(path, port), fake.token, options);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->fileIssuesJoined, 1);
    const auto serverIssue = scalar(path, "SELECT id FROM issues WHERE server_id = ?1", "2");
    QVERIFY(serverIssue > 0);
    QCOMPARE(scalar(path, "SELECT count(*) FROM issues WHERE id = ?1", std::to_string(fileIssue)), 0);
    QCOMPARE(scalar(path, "SELECT issue_id FROM events WHERE event_id = ?1", "0123456789abcdef0123456789abcdef"),
        serverIssue);
    QCOMPARE(scalar(path, "SELECT issue_id FROM issue_hashes WHERE hash = ?1", hash), serverIssue);
    QCOMPARE(scalar(path, "SELECT count(*) FROM events WHERE issue_id = ?1", std::to_string(serverIssue)), 2);
    // The next pull finds nothing to join.
    const auto again = server::pullAccount(path, account(path, port), fake.token, options);
    QVERIFY(again.ok());
    QCOMPARE(again->fileIssuesJoined, 0);
}

QTEST_GUILESS_MAIN(TestServerSync)
#include "tst_serversync.moc"
