// One inbox (#17 item 7): issues of two server accounts and of an imported
// file in one workspace, told apart by the search language's `account:`.

#include "fakesentry.h"
#include "importer/importjob.h"
#include "query/issuequery.h"
#include "query/querycontext.h"
#include "server/pullsync.h"
#include "store/accounts.h"
#include "store/issuequeries.h"
#include "store/workspace.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestServerInbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void accountFilter_data();
    void accountFilter();
    void accountFilterSql();

private:
    QTemporaryDir m_dir;
    std::string m_path;
    FakeSentry m_prod;
    FakeSentry m_staging;
};

void TestServerInbox::initTestCase()
{
    m_path = m_dir.filePath(QStringLiteral("ws.db")).toStdString();
    QFile file(m_dir.filePath(QStringLiteral("event.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"event_id": "fedcba9876543210fedcba9876543210", "timestamp": "2025-01-03T00:00:00Z",
        "platform": "python", "message": "imported from a file"})");
    file.close();
    ImportOptions io;
    io.project = "scripts";
    QCOMPARE(ImportJob(m_path, io).run({file.fileName().toStdString()}).events, 1);
    m_prod.issues = 5;
    m_staging.issues = 3;
    const std::pair<FakeSentry*, const char*> servers[] = {{&m_prod, "prod"}, {&m_staging, "staging-eu"}};
    for (const auto& [fake, name] : servers) {
        const quint16 port = fake->start();
        QVERIFY(port > 0);
        store::ServerAccount account;
        {
            auto ws = store::Workspace::open(m_path);
            account.name = name;
            account.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(port).toStdString();
            account.organization = "acme";
            const auto id = store::addAccount((*ws)->db(), account);
            QVERIFY(id.ok());
            account.id = *id;
        }
        server::PullOptions options;
        options.client.delayFilter = [](int) { return 1; };
        const auto pulled = server::pullAccount(m_path, account, fake->token, options);
        QVERIFY2(pulled.ok(), pulled.ok() ? "" : pulled.error().message.c_str());
    }
}

void TestServerInbox::accountFilter_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("issues");
    QTest::newRow("everything") << QString() << 9;
    QTest::newRow("one account") << QStringLiteral("account:prod") << 5;
    QTest::newRow("the other") << QStringLiteral("account:staging-eu") << 3;
    QTest::newRow("list") << QStringLiteral("account:[prod,staging-eu]") << 8;
    QTest::newRow("wildcard") << QStringLiteral("account:staging*") << 3;
    QTest::newRow("negated") << QStringLiteral("!account:prod") << 4;
    QTest::newRow("unknown account") << QStringLiteral("account:nobody") << 0;
    QTest::newRow("any account") << QStringLiteral("has:account") << 8;
    QTest::newRow("files only") << QStringLiteral("!has:account") << 1;
    QTest::newRow("with project") << QStringLiteral("account:staging-eu project:backend@staging-eu") << 3;
    QTest::newRow("with project of the other") << QStringLiteral("account:prod project:backend@staging-eu") << 0;
    QTest::newRow("quoted, case as written") << QStringLiteral("account:\"PROD\"") << 0;
}

void TestServerInbox::accountFilter()
{
    QFETCH(QString, search);
    QFETCH(int, issues);
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    const auto context = query::loadQueryContext((*ws)->db(), 1'800'000'000'000'000LL);
    QVERIFY(context.ok());
    const auto compiled = query::compileIssueQuery(search.toStdString(), *context);
    QVERIFY2(compiled.ok(), compiled.ok() ? "" : compiled.error->message.c_str());
    QCOMPARE(store::countIssues((*ws)->db(), compiled.countFilter), issues);
    QCOMPARE(store::countIssues((*ws)->db(), compiled.filter), issues);
}

// Names are bound, never spliced; a comparison is refused.
void TestServerInbox::accountFilterSql()
{
    const auto compiled = query::compileIssueQuery("account:\"x' OR 1=1 --\"", 0);
    QVERIFY(compiled.ok());
    QVERIFY(compiled.filter.where.find("OR 1=1") == std::string::npos);
    QCOMPARE(compiled.filter.params.size(), std::size_t(1));
    QVERIFY(!query::compileIssueQuery("account:>prod", 0).ok());
}

QTEST_GUILESS_MAIN(TestServerInbox)
#include "tst_serverinbox.moc"
