// Alerts after a sync (#17 item 8): which of the issues a sync brought, new
// or regressed, match the saved searches marked "notify"; one summary a sync.

#include "fakesentry.h"
#include "server/pullsync.h"
#include "server/syncalerts.h"
#include "store/accounts.h"
#include "store/savedsearches.h"
#include "store/workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestServerAlerts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newAndRegressed();
};

void TestServerAlerts::newAndRegressed()
{
    FakeSentry fake;
    fake.issues = 5;
    const quint16 port = fake.start();
    QVERIFY(port > 0);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("ws.db")).toStdString();
    store::ServerAccount account;
    {
        auto ws = store::Workspace::open(path);
        sql::Database& db = (*ws)->db();
        account = store::ensureAccount(db, QStringLiteral("http://127.0.0.1:%1").arg(port).toStdString(), "acme");
        const auto all = store::saveSearch(db, "All unresolved", "is:unresolved");
        const auto some = store::saveSearch(db, "Issue 7", "title:\"issue 7\"");
        const auto none = store::saveSearch(db, "Nothing", "title:zzz");
        const auto quiet = store::saveSearch(db, "Quiet", "");
        const auto broken = store::saveSearch(db, "Broken", "level:loud");
        QVERIFY(all.ok() && some.ok() && none.ok() && quiet.ok() && broken.ok());
        for (const auto id : {*all, *some, *none, *broken})
            QVERIFY(store::setSavedSearchNotify(db, id, true).ok());
    }
    server::PullOptions options;
    options.client.delayFilter = [](int) { return 1; };
    const auto alertsOf = [&](const server::PullReport& report) {
        auto ws = store::Workspace::open(path);
        return server::syncAlerts((*ws)->db(), report, 1'800'000'000'000'000LL);
    };
    // The first sync: everything is new to the workspace, nothing is raised.
    const auto first = server::pullAccount(path, account, fake.token, options);
    QVERIFY(first.ok());
    QVERIFY(first->firstSync);
    QCOMPARE(first->newOrRegressed.size(), std::size_t(5));
    QVERIFY(alertsOf(*first).empty());

    // Three new issues; #2 regressed (substatus); #3 resolved by a teammate (no alert).
    fake.issues = 8;
    fake.state[2].substatus = QStringLiteral("regressed");
    fake.state[3].status = QStringLiteral("resolved");
    fake.state[3].substatus.clear();
    const auto second = server::pullAccount(path, account, fake.token, options);
    QVERIFY(second.ok());
    QVERIFY(!second->firstSync);
    const auto alert = alertsOf(*second);
    QCOMPARE(alert.issues.size(), std::size_t(4));
    QCOMPARE(alert.searches.size(), std::size_t(2));
    QCOMPARE(alert.searches[0].name, std::string("All unresolved"));
    QCOMPARE(alert.searches[0].issues, 4);
    QCOMPARE(alert.searches[1].name, std::string("Issue 7"));
    QCOMPARE(alert.searches[1].issues, 1);
    QCOMPARE(alert.errors.size(), std::size_t(1)); // "Broken" is named, not raised
    QCOMPARE(alert.titles.size(), std::size_t(3));
    QCOMPARE(alert.title(), QStringLiteral("4 new or regressed issues"));
    QVERIFY2(alert.body().contains(QStringLiteral("All unresolved: 4, Issue 7: 1")), qPrintable(alert.body()));
    QVERIFY2(alert.body().contains(QStringLiteral("ValueError: issue 2")), qPrintable(alert.body()));

    // Nothing changed: nothing to say. Then #3 comes back: it regressed.
    const auto third = server::pullAccount(path, account, fake.token, options);
    QVERIFY(third.ok());
    QVERIFY(alertsOf(*third).empty());
    fake.state[3].status = QStringLiteral("unresolved");
    fake.state[3].substatus = QStringLiteral("ongoing");
    const auto fourth = server::pullAccount(path, account, fake.token, options);
    QVERIFY(fourth.ok());
    const auto back = alertsOf(*fourth);
    QCOMPARE(back.issues.size(), std::size_t(1));
    QCOMPARE(back.titles.front(), std::string("ValueError: issue 3"));
}

QTEST_GUILESS_MAIN(TestServerAlerts)
#include "tst_serveralerts.moc"
