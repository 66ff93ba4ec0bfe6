// The outbox and the push against the stateful fake Sentry: what triage
// queues (and undo takes back), exactly-once pushes through failing
// requests, conflicts with a teammate, lost answers, and pull -> offline
// triage -> push -> pull consistency.

#include "fakesentry.h"
#include "regroup/issuemerge.h"
#include "server/capabilities.h"
#include "server/pullsync.h"
#include "server/push.h"
#include "store/accounts.h"
#include "store/notes.h"
#include "store/outbox.h"
#include "store/serverrows.h"
#include "store/triageactions.h"
#include "store/workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestServerPush : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void queueAndUndo_data();
    void queueAndUndo();
    void pushExactlyOnceThroughFailures();
    void conflictWithTeammate();
    void lostAnswersNotDuplicated();
    void endToEnd();
    void capabilities_data();
    void capabilities();
    void pullBar();

private:
    struct Setup {
        FakeSentry fake;
        QTemporaryDir dir;
        std::string path;
        store::ServerAccount account;
    };
    static server::ClientOptions fastOptions()
    {
        server::ClientOptions o;
        o.delayFilter = [](int) { return 1; };
        o.transferTimeoutMs = 5000;
        return o;
    }
    // A workspace that has pulled `issues` issues from a fresh fake.
    static bool pulled(Setup& s, int issues, server::PullReport* report = nullptr)
    {
        s.fake.issues = issues;
        const quint16 port = s.fake.start();
        s.path = s.dir.filePath(QStringLiteral("ws.db")).toStdString();
        {
            auto ws = store::Workspace::open(s.path);
            s.account = store::ensureAccount(
                (*ws)->db(), QStringLiteral("http://127.0.0.1:%1").arg(port).toStdString(), "acme");
        }
        server::PullOptions options;
        options.client = fastOptions();
        const auto r = server::pullAccount(s.path, s.account, s.fake.token, options);
        auto ws = store::Workspace::open(s.path);
        s.account = *store::findAccountById((*ws)->db(), s.account.id);
        if (report && r.ok())
            *report = *r;
        return r.ok() && r->issuesListed == issues;
    }
    static std::vector<IssueId> localIds(sql::Database& db, int from, int to)
    {
        std::vector<IssueId> ids;
        sql::Statement st(db,
            "SELECT issue_id FROM server_issues WHERE CAST(server_id AS INTEGER) BETWEEN ?1 AND ?2 "
            "ORDER BY CAST(server_id AS INTEGER)");
        st.bind(1, from).bind(2, to);
        while (st.step())
            ids.emplace_back(st.int64(0));
        return ids;
    }
    static store::Note issueNote(IssueId issue, const std::string& text)
    {
        store::Note n;
        n.target.kind = store::NoteTarget::Kind::Issue;
        n.target.issue = issue;
        n.text = text;
        return n;
    }
    static server::PushReport push(Setup& s, bool dryRun = false)
    {
        server::PushOptions o;
        o.dryRun = dryRun;
        o.client = fastOptions();
        auto r = server::pushAccount(s.path, s.account, s.fake.token, o);
        if (!r.ok())
            qWarning("push failed: %s", r.error().message.c_str());
        return r.ok() ? *r : server::PushReport {};
    }
};

void TestServerPush::queueAndUndo_data()
{
    QTest::addColumn<int>("what");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("state");
    QTest::newRow("resolve") << 0 << QStringLiteral("status") << QStringLiteral("pending");
    QTest::newRow("assign") << 1 << QStringLiteral("assignedTo") << QStringLiteral("pending");
    QTest::newRow("bookmark") << 2 << QStringLiteral("isBookmarked") << QStringLiteral("pending");
    QTest::newRow("priority is local") << 3 << QStringLiteral("priority") << QStringLiteral("local");
    QTest::newRow("label is local") << 4 << QStringLiteral("labels") << QStringLiteral("local");
}

void TestServerPush::queueAndUndo()
{
    QFETCH(int, what);
    QFETCH(QString, field);
    QFETCH(QString, state);
    Setup s;
    QVERIFY(pulled(s, 5));
    auto ws = store::Workspace::open(s.path);
    sql::Database& db = (*ws)->db();
    store::TriageChange change;
    if (what == 0)
        change.status = triage::Status::Resolved;
    else if (what == 1)
        change.assignee = "ana";
    else if (what == 2)
        change.bookmarked = true;
    else if (what == 3)
        change.priority = triage::Priority::High;
    else
        change.addLabels = {"perf"};
    QVERIFY(store::applyTriage(db, localIds(db, 1, 2), change).ok());
    auto rows = store::listOutbox(db, s.account.id, false);
    QCOMPARE(rows.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(rows[0].field), field);
    QCOMPARE(QString::fromStdString(rows[0].state), state);
    QCOMPARE(rows[0].shortId, std::string("BACKEND-1"));
    // The same change again folds into the same rows; undo before a push removes them.
    QVERIFY(store::undoLast(db).ok());
    QVERIFY(store::listOutbox(db, s.account.id, false).empty());
    // Undo after a push queues the inverse.
    QVERIFY(store::applyTriage(db, localIds(db, 1, 1), change).ok());
    ws->reset();
    if (state == QLatin1String("pending")) {
        const auto report = push(s);
        QCOMPARE(report.sent, 1);
        ws = store::Workspace::open(s.path);
        QVERIFY(store::undoLast((*ws)->db()).ok());
        rows = store::listOutbox((*ws)->db(), s.account.id, true);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].before, store::listOutbox((*ws)->db(), s.account.id, false)[0].after);
    }
}

void TestServerPush::pushExactlyOnceThroughFailures()
{
    Setup s;
    QVERIFY(pulled(s, 500));
    {
        auto ws = store::Workspace::open(s.path);
        sql::Database& db = (*ws)->db();
        store::TriageChange resolve;
        resolve.status = triage::Status::Resolved;
        QVERIFY(store::applyTriage(db, localIds(db, 1, 200), resolve).ok());
        store::TriageChange assign;
        assign.assignee = "ana@example.com";
        QVERIFY(store::applyTriage(db, localIds(db, 201, 300), assign).ok());
        store::TriageChange ignore;
        ignore.status = triage::Status::Ignored;
        ignore.ignore.moreEvents = 100;
        QVERIFY(store::applyTriage(db, localIds(db, 301, 350), ignore).ok());
        store::TriageChange bookmark;
        bookmark.bookmarked = true;
        QVERIFY(store::applyTriage(db, localIds(db, 351, 400), bookmark).ok());
        for (const IssueId id : localIds(db, 401, 500))
            QVERIFY(store::addNote(db, issueNote(id, "looked at it")).ok());
    }
    s.fake.failEvery = 5;
    const auto before = s.fake.requests;
    const auto report = push(s);
    qInfo("push of 500 queued actions, every 5th request failing: %lld requests (%lld retries, %lld 429s), %lld bulk "
          "updates, %lld comments, %lld checks, %.2f s",
        static_cast<long long>(report.client.requests), static_cast<long long>(report.client.retries),
        static_cast<long long>(report.client.rateLimited), static_cast<long long>(report.updateCalls),
        static_cast<long long>(report.comments), static_cast<long long>(report.checks), report.seconds);
    QCOMPARE(report.sent + report.already, 500);
    QCOMPARE(report.failed, 0);
    QCOMPARE(report.conflicts, 0);
    QVERIFY(s.fake.requests - before > 0);
    for (int n = 1; n <= 500; ++n) {
        const auto& st = s.fake.state[n];
        if (n <= 200)
            QCOMPARE(st.applied.at(QStringLiteral("status")), 1);
        else if (n <= 300)
            QCOMPARE(st.applied.at(QStringLiteral("assignedTo")), 1);
        else if (n <= 350)
            QCOMPARE(st.applied.at(QStringLiteral("status")), 1);
        else if (n <= 400)
            QCOMPARE(st.applied.at(QStringLiteral("isBookmarked")), 1);
        else
            QCOMPARE(st.comments.size(), 1);
    }
    QVERIFY2(s.fake.violations.isEmpty(), qPrintable(s.fake.violations.join(u'\n')));
    // Nothing is left to push.
    QCOMPARE(push(s).sent, 0);
}

void TestServerPush::conflictWithTeammate()
{
    Setup s;
    QVERIFY(pulled(s, 3));
    {
        auto ws = store::Workspace::open(s.path);
        store::TriageChange resolve;
        resolve.status = triage::Status::Resolved;
        QVERIFY(store::applyTriage((*ws)->db(), localIds((*ws)->db(), 1, 2), resolve).ok());
    }
    s.fake.state[1].status = QStringLiteral("ignored"); // a teammate, between pull and push
    QCOMPARE(push(s, true).conflicts, 1); // the dry run sees it and changes nothing
    const auto report = push(s);
    QCOMPARE(report.conflicts, 1);
    QCOMPARE(report.sent, 1);
    QCOMPARE(s.fake.state[1].status, QStringLiteral("ignored"));
    auto ws = store::Workspace::open(s.path);
    auto open = store::listOutbox((*ws)->db(), s.account.id, true);
    QCOMPARE(open.size(), std::size_t(1));
    QCOMPARE(open[0].state, std::string("conflict"));
    QVERIFY(store::resolveOutboxConflict((*ws)->db(), open[0].id, store::ConflictChoice::KeepMine, 1));
    ws->reset();
    QCOMPARE(push(s).sent, 1);
    QCOMPARE(s.fake.state[1].status, QStringLiteral("resolved"));
}

void TestServerPush::lostAnswersNotDuplicated()
{
    Setup s;
    QVERIFY(pulled(s, 4));
    {
        auto ws = store::Workspace::open(s.path);
        sql::Database& db = (*ws)->db();
        QVERIFY(store::addNote(db, issueNote(localIds(db, 1, 1)[0], "root cause")).ok());
        QVERIFY(regroup::mergeIssues(s.path, db, localIds(db, 2, 3)).ok());
    }
    // The comment and the merge are applied and their answers lost. Qt re-sends
    // a request once by itself when a reused connection closes before any
    // answer: the comment's second copy is refused as a duplicate (as Sentry
    // does within an hour), the merge's is lost too, so the push reads the
    // issues to learn that it was applied.
    s.fake.loseResponses = 3;
    const auto report = push(s);
    QCOMPARE(report.sent + report.already, 2);
    QCOMPARE(report.failed, 0);
    QCOMPARE(s.fake.state[1].comments.size(), 1);
    QCOMPARE(s.fake.state[2].mergedInto, 3);
    QVERIFY(report.checks >= 2);
    QVERIFY2(s.fake.violations.isEmpty(), qPrintable(s.fake.violations.join(u'\n')));
}

void TestServerPush::endToEnd()
{
    Setup s;
    QVERIFY(pulled(s, 60));
    {
        auto ws = store::Workspace::open(s.path);
        sql::Database& db = (*ws)->db();
        store::TriageChange resolve;
        resolve.status = triage::Status::Resolved;
        QVERIFY(store::applyTriage(db, localIds(db, 1, 20), resolve).ok());
        store::TriageChange assign;
        assign.assignee = "ana";
        assign.bookmarked = true;
        QVERIFY(store::applyTriage(db, localIds(db, 21, 40), assign).ok());
        store::TriageChange seen;
        seen.seen = true;
        QVERIFY(store::applyTriage(db, localIds(db, 41, 50), seen).ok());
    }
    s.fake.failEvery = 7;
    const auto report = push(s);
    QCOMPARE(report.failed, 0);
    QCOMPARE(report.sent + report.already, 20 + 40 + 10);
    s.fake.failEvery = 0;
    server::PullOptions options;
    options.client = fastOptions();
    QVERIFY(server::pullAccount(s.path, s.account, s.fake.token, options).ok());
    auto ws = store::Workspace::open(s.path);
    sql::Database& db = (*ws)->db();
    for (int n = 1; n <= 50; ++n) {
        const auto view = store::issueTriageView(db, localIds(db, n, n)[0]);
        QVERIFY(view);
        const auto& st = s.fake.state[n];
        QCOMPARE(view->state.status == triage::Status::Unresolved, st.status == QLatin1String("unresolved"));
        QCOMPARE(view->assignee.empty(), st.assignedTo.isNull());
        QCOMPARE(view->bookmarked, st.bookmarked);
        QCOMPARE(view->seen, st.seen);
    }
    QVERIFY(store::listOutbox(db, s.account.id, true).empty());
    QVERIFY2(s.fake.violations.isEmpty(), qPrintable(s.fake.violations.join(u'\n')));
}

void TestServerPush::capabilities_data()
{
    QTest::addColumn<bool>("glitchTip");
    QTest::addColumn<QString>("flavor");
    QTest::addColumn<bool>("bookmarks");
    QTest::addColumn<bool>("rateLimitHeaders");
    QTest::newRow("sentry with rate-limit headers") << false << QStringLiteral("self-hosted") << true << true;
    QTest::newRow("glitchtip") << true << QStringLiteral("glitchtip") << false << false;
}

// What a server cannot take stays local with a marker, and is not tried
// again: GlitchTip has no bookmarks (its issues lack isBookmarked) and older
// GlitchTip refuses assignment (405); neither sends rate-limit headers.
void TestServerPush::capabilities()
{
    QFETCH(bool, glitchTip);
    QFETCH(QString, flavor);
    QFETCH(bool, bookmarks);
    QFETCH(bool, rateLimitHeaders);
    Setup s;
    s.fake.glitchTip = glitchTip;
    s.fake.rateLimitHeaders = !glitchTip;
    if (glitchTip)
        s.fake.refuseFields = {QStringLiteral("assignedTo")};
    server::PullReport pull;
    QVERIFY(pulled(s, 4, &pull));
    QCOMPARE(QString::fromLatin1(server::flavorName(pull.capabilities.flavor)), flavor);
    QCOMPARE(pull.capabilities.bookmarks, std::optional<bool>(bookmarks));
    QCOMPARE(pull.capabilities.rateLimitHeaders, std::optional<bool>(rateLimitHeaders));
    QCOMPARE(server::ServerCapabilities::fromJson(s.account.capabilities), pull.capabilities);
    {
        auto ws = store::Workspace::open(s.path);
        sql::Database& db = (*ws)->db();
        store::TriageChange bookmark;
        bookmark.bookmarked = true;
        QVERIFY(store::applyTriage(db, localIds(db, 1, 1), bookmark).ok());
        store::TriageChange assign;
        assign.assignee = "ana";
        QVERIFY(store::applyTriage(db, localIds(db, 2, 2), assign).ok());
        store::TriageChange resolve;
        resolve.status = triage::Status::Resolved;
        QVERIFY(store::applyTriage(db, localIds(db, 3, 3), resolve).ok());
    }
    const auto report = push(s);
    QCOMPARE(report.failed, 0);
    QCOMPARE(report.unsupported, glitchTip ? 2 : 0);
    QCOMPARE(report.sent, glitchTip ? 1 : 3);
    QCOMPARE(s.fake.state[3].status, QStringLiteral("resolved"));
    QCOMPARE(s.fake.state[1].bookmarked, !glitchTip);
    auto ws = store::Workspace::open(s.path);
    s.account = *store::findAccountById((*ws)->db(), s.account.id);
    const auto learned = server::ServerCapabilities::fromJson(s.account.capabilities);
    QCOMPARE(learned.supports("assignedTo"), !glitchTip);
    QCOMPARE(learned.supports("isBookmarked"), !glitchTip);
    for (const auto& row : store::listOutbox((*ws)->db(), s.account.id, false)) {
        if (row.field != "status") {
            QCOMPARE(row.state, std::string(glitchTip ? "unsupported" : "sent"));
            if (glitchTip)
                QVERIFY2(QString::fromStdString(row.result).contains(QStringLiteral("kept local")), row.result.c_str());
        }
    }
    ws->reset();
    // The next pull keeps the local bookmark and assignee; the next bookmark is kept local without a request.
    server::PullOptions options;
    options.client = fastOptions();
    QVERIFY(server::pullAccount(s.path, s.account, s.fake.token, options).ok());
    ws = store::Workspace::open(s.path);
    QCOMPARE(store::issueTriageView((*ws)->db(), localIds((*ws)->db(), 1, 1)[0])->bookmarked, true);
    QCOMPARE(store::issueTriageView((*ws)->db(), localIds((*ws)->db(), 2, 2)[0])->assignee, std::string("ana"));
    store::TriageChange bookmark;
    bookmark.bookmarked = true;
    QVERIFY(store::applyTriage((*ws)->db(), localIds((*ws)->db(), 4, 4), bookmark).ok());
    ws->reset();
    const auto updates = s.fake.byOperation[QStringLiteral("updateOrganizationIssues")];
    const auto reads = s.fake.byOperation[QStringLiteral("listOrganizationIssues")];
    const auto again = push(s);
    QCOMPARE(again.unsupported, glitchTip ? 1 : 0);
    QCOMPARE(again.sent, glitchTip ? 0 : 1);
    QCOMPARE(s.fake.byOperation[QStringLiteral("updateOrganizationIssues")] - updates, glitchTip ? 0 : 1);
    QCOMPARE(s.fake.byOperation[QStringLiteral("listOrganizationIssues")] - reads, glitchTip ? 0 : 1);
    QVERIFY2(s.fake.violations.isEmpty(), qPrintable(s.fake.violations.join(u'\n')));
}

// The issue's bar: 5,000 issues over 50 pages, every fifth request failing.
void TestServerPush::pullBar()
{
    if (qEnvironmentVariableIsEmpty("STACKDECK_SERVER_BARS"))
        QSKIP("set STACKDECK_SERVER_BARS=1 for the 5,000-issue pull");
    Setup s;
    s.fake.failEvery = 5;
    server::PullReport r;
    QVERIFY(pulled(s, 5000, &r));
    qInfo("pull of 5000 issues over %lld pages, every 5th request failing: %lld requests (%lld retries, %lld 429s), "
          "%lld events imported, %.2f s",
        static_cast<long long>(r.pages), static_cast<long long>(r.client.requests),
        static_cast<long long>(r.client.retries), static_cast<long long>(r.client.rateLimited),
        static_cast<long long>(r.eventsImported), r.seconds);
    auto ws = store::Workspace::open(s.path);
    const auto counts = store::serverIssueCounts((*ws)->db(), s.account.id);
    QCOMPARE(counts.issues, 5000);
    QCOMPARE(counts.withEvents, 5000);
}

QTEST_GUILESS_MAIN(TestServerPush)
#include "tst_serverpush.moc"
