// Triage (issue #16): status changes and their re-evaluation as events are
// imported (regressions and ignore conditions tripping), bulk undo, notes and
// has:note, merge and unmerge, and the CLI round trip.

#include "importer/importjob.h"
#include "query/issuequery.h"
#include "regroup/issuemerge.h"
#include "store/issueactivity.h"
#include "store/localuser.h"
#include "store/notes.h"
#include "store/triageactions.h"
#include "store/triageevaluation.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"
#include "triage/releaseorder.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using TStatus = triage::Status;

namespace {

struct Ev {
    std::string message;
    std::string release;
    std::string user;
    Micros ts = 0;
};

int g_next = 1;
const Micros kNow = store::nowMicros();

void importEvents(const std::string& db, const QString& dir, const std::vector<Ev>& events)
{
    const QString file = dir + QStringLiteral("/batch%1.ndjson").arg(g_next);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (const Ev& e : events) {
        nlohmann::json j = {{"event_id", test::hexId(g_next++)}, {"timestamp", double(e.ts) / 1e6},
            {"platform", "python"}, {"level", "error"}, {"message", e.message}};
        if (!e.release.empty())
            j["release"] = e.release;
        if (!e.user.empty())
            j["user"] = {{"id", e.user}};
        f.write(QByteArray::fromStdString(j.dump() + "\n"));
    }
    f.close();
    const ImportSummary s = ImportJob(db, {}).run({file.toStdString()});
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
}

std::int64_t issueOf(sql::Database& db, const std::string& message)
{
    sql::Statement st(db, "SELECT issue_id FROM events WHERE message = ?1 LIMIT 1");
    st.bind(1, message);
    return st.step() ? st.int64(0) : 0;
}

std::vector<IssueId> search(sql::Database& db, const std::string& text)
{
    auto context = query::loadQueryContext(db, kNow);
    auto compiled = query::compileIssueQuery(text, *context);
    if (compiled.error)
        return {};
    return *store::issueIdsMatching(db, compiled.countFilter);
}

} // namespace

class TestTriage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void releaseOrder_data();
    void releaseOrder();
    void reevaluatedOnImport_data();
    void reevaluatedOnImport();
    void bulkUndo();
    void notesAtEveryLevel();
    void mergeAndUnmerge();
    void cliRoundTrip();
};

void TestTriage::releaseOrder_data()
{
    QTest::addColumn<QString>("candidate");
    QTest::addColumn<qint64>("candidateSeen");
    QTest::addColumn<QString>("base");
    QTest::addColumn<qint64>("baseSeen");
    QTest::addColumn<bool>("later");
    QTest::newRow("semver patch") << QStringLiteral("1.2.4") << 1LL << QStringLiteral("1.2.3") << 2LL << true;
    QTest::newRow("semver numeric not text")
        << QStringLiteral("1.10.0") << 1LL << QStringLiteral("1.9.0") << 2LL << true;
    QTest::newRow("semver older seen later")
        << QStringLiteral("1.2.2") << 9LL << QStringLiteral("1.2.3") << 2LL << false;
    QTest::newRow("pre-release before release")
        << QStringLiteral("2.0.0-rc.1") << 9LL << QStringLiteral("2.0.0") << 2LL << false;
    QTest::newRow("package prefix") << QStringLiteral("app@3.0") << 1LL << QStringLiteral("app@2.9.9") << 2LL << true;
    QTest::newRow("not semver: by first seen")
        << QStringLiteral("beta") << 9LL << QStringLiteral("alpha") << 2LL << true;
    QTest::newRow("not semver: seen earlier")
        << QStringLiteral("beta") << 1LL << QStringLiteral("alpha") << 2LL << false;
    QTest::newRow("same release") << QStringLiteral("1.0") << 9LL << QStringLiteral("1.0") << 2LL << false;
    QTest::newRow("no release") << QStringLiteral("") << 9LL << QStringLiteral("1.0") << 2LL << false;
}

void TestTriage::releaseOrder()
{
    QFETCH(QString, candidate);
    QFETCH(qint64, candidateSeen);
    QFETCH(QString, base);
    QFETCH(qint64, baseSeen);
    QFETCH(bool, later);
    QCOMPARE(triage::isLaterRelease({candidate.toStdString(), candidateSeen}, {base.toStdString(), baseSeen}), later);
}

void TestTriage::reevaluatedOnImport_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("release"); // of the first events; also --in-release
    QTest::addColumn<QString>("resolvedIn");
    QTest::addColumn<int>("moreEvents");
    QTest::addColumn<int>("moreUsers");
    QTest::addColumn<bool>("untilPassed");
    QTest::addColumn<QStringList>("newReleases"); // one new event each
    QTest::addColumn<QStringList>("newUsers");
    QTest::addColumn<QString>("expectStatus");
    QTest::addColumn<QString>("expectSubstatus");
    const int resolved = int(TStatus::Resolved), inRelease = int(TStatus::ResolvedInRelease),
              inNext = int(TStatus::ResolvedInNextRelease), ignored = int(TStatus::Ignored);
    const QStringList one {QStringLiteral("1.0")};
    QTest::newRow("resolved: any event regresses")
        << resolved << QStringLiteral("1.0") << QStringLiteral("") << 0 << 0 << false << one << QStringList {}
        << QStringLiteral("unresolved") << QStringLiteral("regressed");
    QTest::newRow("resolved: no event, stays")
        << resolved << QStringLiteral("1.0") << QStringLiteral("") << 0 << 0 << false << QStringList {}
        << QStringList {} << QStringLiteral("resolved") << QStringLiteral("");
    QTest::newRow("in release 2.0: event of 1.5 stays")
        << inRelease << QStringLiteral("1.0") << QStringLiteral("2.0") << 0 << 0 << false
        << QStringList {QStringLiteral("1.5")} << QStringList {} << QStringLiteral("resolvedInRelease")
        << QStringLiteral("");
    QTest::newRow("in release 2.0: event of 2.1 regresses")
        << inRelease << QStringLiteral("1.0") << QStringLiteral("2.0") << 0 << 0 << false
        << QStringList {QStringLiteral("2.1")} << QStringList {} << QStringLiteral("unresolved")
        << QStringLiteral("regressed");
    QTest::newRow("in release alpha: later-seen beta regresses")
        << inRelease << QStringLiteral("alpha") << QStringLiteral("alpha") << 0 << 0 << false
        << QStringList {QStringLiteral("beta")} << QStringList {} << QStringLiteral("unresolved")
        << QStringLiteral("regressed");
    QTest::newRow("in next release: same release stays")
        << inNext << QStringLiteral("1.0") << QStringLiteral("") << 0 << 0 << false << one << QStringList {}
        << QStringLiteral("resolvedInNextRelease") << QStringLiteral("");
    QTest::newRow("in next release: another release regresses")
        << inNext << QStringLiteral("1.0") << QStringLiteral("") << 0 << 0 << false
        << QStringList {QStringLiteral("1.1")} << QStringList {} << QStringLiteral("unresolved")
        << QStringLiteral("regressed");
    QTest::newRow("ignored forever stays") << ignored << QStringLiteral("1.0") << QStringLiteral("") << 0 << 0 << false
                                           << QStringList {one[0], one[0], one[0]} << QStringList {}
                                           << QStringLiteral("ignored") << QStringLiteral("archived");
    QTest::newRow("until 3 more events: 2 stay")
        << ignored << QStringLiteral("1.0") << QStringLiteral("") << 3 << 0 << false << QStringList {one[0], one[0]}
        << QStringList {} << QStringLiteral("ignored") << QStringLiteral("archived");
    QTest::newRow("until 3 more events: 3 trip") << ignored << QStringLiteral("1.0") << QStringLiteral("") << 3 << 0
                                                 << false << QStringList {one[0], one[0], one[0]} << QStringList {}
                                                 << QStringLiteral("unresolved") << QStringLiteral("escalating");
    QTest::newRow("until 2 more users: one user twice stays")
        << ignored << QStringLiteral("1.0") << QStringLiteral("") << 0 << 2 << false << QStringList {one[0], one[0]}
        << QStringList {QStringLiteral("u9"), QStringLiteral("u9")} << QStringLiteral("ignored")
        << QStringLiteral("archived");
    QTest::newRow("until 2 more users: two trip")
        << ignored << QStringLiteral("1.0") << QStringLiteral("") << 0 << 2 << false << QStringList {one[0], one[0]}
        << QStringList {QStringLiteral("u8"), QStringLiteral("u9")} << QStringLiteral("unresolved")
        << QStringLiteral("escalating");
    QTest::newRow("for a while: time passed trips")
        << ignored << QStringLiteral("1.0") << QStringLiteral("") << 0 << 0 << true << one << QStringList {}
        << QStringLiteral("unresolved") << QStringLiteral("ongoing");
}

void TestTriage::reevaluatedOnImport()
{
    QFETCH(int, status);
    QFETCH(QString, release);
    QFETCH(QString, resolvedIn);
    QFETCH(int, moreEvents);
    QFETCH(int, moreUsers);
    QFETCH(bool, untilPassed);
    QFETCH(QStringList, newReleases);
    QFETCH(QStringList, newUsers);
    QFETCH(QString, expectStatus);
    QFETCH(QString, expectSubstatus);

    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("w.stackdeck")).toStdString();
    const std::string first = release.toStdString();
    importEvents(path, dir.path(),
        {{"boom", first, "u1", kNow - 3'600'000'000LL}, {"boom", first, "u2", kNow - 3'500'000'000LL}});
    auto ws = store::Workspace::open(path);
    sql::Database& db = (*ws)->db();
    const IssueId issue(issueOf(db, "boom"));
    QVERIFY(issue.isValid());

    store::TriageChange change;
    change.status = static_cast<TStatus>(status);
    change.release = resolvedIn.toStdString();
    if (change.status == TStatus::Ignored)
        change.ignore = {untilPassed ? kNow + 1 : 0, moreEvents, moreUsers};
    auto applied = store::applyTriage(db, {issue}, change, {"tester", kNow, {}, nullptr});
    QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().message.c_str());
    QCOMPARE(applied->issues, 1);

    std::vector<Ev> later;
    for (int i = 0; i < newReleases.size(); ++i)
        later.push_back({"boom", newReleases[i].toStdString(), i < newUsers.size() ? newUsers[i].toStdString() : "u1",
            kNow - 1'000'000'000LL + i});
    if (!later.empty())
        importEvents(path, dir.path(), later);
    else
        QVERIFY(store::reevaluateTriage(db, kNow + 10).ok());

    const auto view = store::issueTriageView(db, issue);
    QVERIFY(view);
    QCOMPARE(QString::fromUtf8(triage::statusName(view->state.status).data()), expectStatus);
    QCOMPARE(QString::fromUtf8(triage::substatusName(view->state.substatus).data()), expectSubstatus);
    const auto log = store::listActivity(db, issue);
    QVERIFY(!log.empty());
    if (expectStatus == QLatin1String("unresolved")) {
        QCOMPARE(log.back().author, std::string(store::kSystemAuthor));
        QVERIFY2(log.back().text.find(expectSubstatus == QLatin1String("regressed") ? "regressed" : "unignored")
                != std::string::npos,
            log.back().text.c_str());
    } else {
        QCOMPARE(log.back().author, std::string("tester"));
    }
}

void TestTriage::bulkUndo()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("w.stackdeck")).toStdString();
    std::vector<Ev> events;
    for (int i = 0; i < 40; ++i)
        events.push_back({"error in module " + std::string(1, char('a' + i % 26)) + std::string(1, char('a' + i / 26)),
            "1.0", "", kNow - 1'000'000LL * i});
    importEvents(path, dir.path(), events);
    auto ws = store::Workspace::open(path);
    sql::Database& db = (*ws)->db();
    store::setLocalUserName(db, "ana");
    QCOMPARE(store::localUserName(db), std::string("ana"));
    // The first: a decision the bulk action must not lose on undo.
    store::TriageChange before;
    before.assignee = "bo";
    before.addLabels = {"keep"};
    QVERIFY(store::applyTriage(db, {IssueId(1)}, before).ok());

    const auto all = search(db, "");
    QCOMPARE(all.size(), std::size_t(40));
    store::TriageChange bulk;
    bulk.status = TStatus::Ignored;
    bulk.ignore.moreEvents = 10;
    bulk.assignee = "cy";
    bulk.priority = triage::Priority::High;
    bulk.addLabels = {"perf"};
    bulk.removeLabels = {"keep"};
    std::vector<std::int64_t> progress;
    store::TriageOptions options;
    options.progress = [&](std::int64_t done, std::int64_t) { progress.push_back(done); };
    const auto out = store::applyTriage(db, all, bulk, options);
    QVERIFY(out.ok());
    QCOMPARE(out->issues, 40);
    QCOMPARE(progress.back(), 40);
    QCOMPARE(search(db, "is:ignored").size(), std::size_t(40));
    QCOMPARE(search(db, "assigned:cy").size(), std::size_t(40));
    QCOMPARE(test::scalar(db, "SELECT count(*) FROM issue_labels WHERE label = 'perf'"), 40);
    QCOMPARE(test::scalar(db, "SELECT count(*) FROM issue_activity WHERE author = 'ana'"), 2 + 40 * 5);

    const auto undone = store::undoLast(db);
    QVERIFY(undone.ok());
    QCOMPARE(undone->issues, 40);
    QCOMPARE(search(db, "is:unresolved").size(), std::size_t(40));
    QCOMPARE(search(db, "assigned:bo").size(), std::size_t(1));
    QCOMPARE(search(db, "is:assigned").size(), std::size_t(1));
    QCOMPARE(test::scalar(db, "SELECT count(*) FROM issue_labels"), 1);
    QCOMPARE(test::scalar(db, "SELECT count(*) FROM issues WHERE priority IS NOT NULL"), 0);
    QCOMPARE(test::scalar(db, "SELECT count(*) FROM issue_activity WHERE kind = 'undo'"), 40);
    // And the one before it, from a new connection (the undo record is in the workspace).
    auto again = store::Workspace::open(path);
    QVERIFY(store::undoLast((*again)->db()).ok());
    QCOMPARE(search(db, "is:assigned").size(), std::size_t(0));
    QCOMPARE(store::undoLast((*again)->db())->undoId, 0);
}

void TestTriage::notesAtEveryLevel()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("w.stackdeck")).toStdString();
    importEvents(
        path, dir.path(), {{"first", "", "", kNow - 10}, {"second", "", "", kNow - 5}, {"third", "", "", kNow}});
    auto ws = store::Workspace::open(path);
    sql::Database& db = (*ws)->db();
    const std::int64_t first = issueOf(db, "first"), second = issueOf(db, "second");
    const auto event = store::findEvent(db, test::hexId(g_next - 2)); // "second"'s event
    QVERIFY(event);
    QCOMPARE(event->issue.value, second);

    using K = store::NoteTarget::Kind;
    store::Note onIssue;
    onIssue.target.issue = IssueId(first);
    onIssue.text = "customer **flamingo** ticket";
    QVERIFY(store::addNote(db, onIssue).ok());
    for (const K kind : {K::Event, K::Frame, K::Breadcrumb, K::Span}) {
        store::Note n;
        n.target = {kind, IssueId(), event->project, test::hexId(g_next - 2), 2, kind == K::Span ? "abc123" : "", ""};
        n.text = "seen by pelican " + std::string(store::noteKindName(kind));
        QVERIFY(store::addNote(db, n).ok());
    }
    QCOMPARE(store::notesOfIssue(db, IssueId(first)).size(), std::size_t(1));
    const auto below = store::notesOfIssue(db, IssueId(second));
    QCOMPARE(below.size(), std::size_t(4));
    QCOMPARE(below[1].target.kind, K::Frame);
    QCOMPARE(below[1].target.index, 2);
    QCOMPARE(store::notesOfEvent(db, event->project, test::hexId(g_next - 2)).size(), std::size_t(4));
    QCOMPARE(store::listActivity(db, IssueId(second)).size(), std::size_t(4));

    QCOMPARE(search(db, "has:note").size(), std::size_t(2));
    QCOMPARE(search(db, "!has:note").size(), std::size_t(1));
    QCOMPARE(search(db, "flamingo"), std::vector<IssueId> {IssueId(first)});
    QCOMPARE(search(db, "pelican"), std::vector<IssueId> {IssueId(second)});
    QCOMPARE(search(db, "second"), std::vector<IssueId> {IssueId(second)}); // event text still matches
    const std::int64_t noteId = store::notesOfIssue(db, IssueId(first)).front().id;
    QVERIFY(store::editNote(db, noteId, "customer heron ticket").ok());
    QVERIFY(search(db, "flamingo").empty());
    QCOMPARE(search(db, "heron"), std::vector<IssueId> {IssueId(first)});
    QVERIFY(store::deleteNote(db, noteId).ok());
    QVERIFY(search(db, "heron").empty());
    QCOMPARE(search(db, "has:note").size(), std::size_t(1));
}

void TestTriage::mergeAndUnmerge()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("w.stackdeck")).toStdString();
    importEvents(path, dir.path(),
        {{"alpha failure", "1.0", "u1", kNow - 50'000'000}, {"alpha failure", "1.0", "u2", kNow - 40'000'000},
            {"alpha failure", "1.0", "u1", kNow - 30'000'000}, {"beta failure", "1.1", "u3", kNow - 90'000'000},
            {"beta failure", "1.1", "u1", kNow - 10'000'000}});
    auto ws = store::Workspace::open(path);
    sql::Database& db = (*ws)->db();
    const std::int64_t a = issueOf(db, "alpha failure"), b = issueOf(db, "beta failure");
    store::Note note;
    note.target.issue = IssueId(b);
    note.text = "walrus";
    QVERIFY(store::addNote(db, note).ok());

    const auto merged = regroup::mergeIssues(path, db, {IssueId(a), IssueId(b)});
    QVERIFY2(merged.ok(), merged.ok() ? "" : merged.error().message.c_str());
    QCOMPARE(merged->events, 2);
    const auto count = [&](const std::string& q) { return test::scalar(db, q); };
    QCOMPARE(count("SELECT count(*) FROM issues"), 1);
    QCOMPARE(count("SELECT event_count FROM issues WHERE id = " + std::to_string(a)), 5);
    QCOMPARE(count("SELECT user_count FROM issues WHERE id = " + std::to_string(a)), 3);
    QCOMPARE(count("SELECT first_seen FROM issues"), count("SELECT min(timestamp) FROM events"));
    QCOMPARE(count("SELECT last_seen FROM issues"), count("SELECT max(timestamp) FROM events"));
    QCOMPARE(count("SELECT count(*) FROM issue_hashes WHERE issue_id = " + std::to_string(a)), 2);
    QCOMPARE(count("SELECT sum(count) FROM issue_hourly"), 5);
    QCOMPARE(
        count("SELECT count FROM issue_tags t JOIN tags ON tags.id = t.tag_id WHERE key = 'release' AND value = '1.1'"),
        2);
    QCOMPARE(search(db, "beta"), std::vector<IssueId> {IssueId(a)});
    QCOMPARE(search(db, "walrus"), std::vector<IssueId> {IssueId(a)});
    QCOMPARE(store::listActivity(db, IssueId(a)).back().kind, std::string("merge"));

    const auto split = regroup::unmergeIssue(path, db, IssueId(a));
    QVERIFY2(split.ok(), split.ok() ? "" : split.error().message.c_str());
    QCOMPARE(split->issues.size(), std::size_t(1));
    const std::int64_t back = split->issues.front().value;
    QVERIFY(back > b); // a new id, never one that was used
    QCOMPARE(count("SELECT count(*) FROM issues"), 2);
    QCOMPARE(count("SELECT event_count FROM issues WHERE id = " + std::to_string(a)), 3);
    QCOMPARE(count("SELECT user_count FROM issues WHERE id = " + std::to_string(a)), 2);
    QCOMPARE(count("SELECT event_count FROM issues WHERE id = " + std::to_string(back)), 2);
    QCOMPARE(count("SELECT user_count FROM issues WHERE id = " + std::to_string(back)), 2);
    QCOMPARE(count("SELECT count(*) FROM issue_hashes WHERE issue_id = " + std::to_string(back)), 1);
    QCOMPARE(search(db, "beta"), std::vector<IssueId> {IssueId(back)});
    QCOMPARE(search(db, "alpha"), std::vector<IssueId> {IssueId(a)});
    QVERIFY(!regroup::unmergeIssue(path, db, IssueId(a)).ok()); // one hash: nothing to split
}

void TestTriage::cliRoundTrip()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("w.stackdeck"));
    importEvents(db.toStdString(), dir.path(), {{"cli one", "1.0", "", kNow - 10}, {"cli two", "1.0", "", kNow}});
    const auto run = [&](QStringList args) {
        QProcess p;
        args << QStringLiteral("--db") << db;
        p.start(test::cliPath(), args);
        p.waitForFinished(60000);
        return std::pair {p.exitCode(), p.readAllStandardOutput()};
    };
    auto [code, out] = run({QStringLiteral("triage"), QStringLiteral("--query"), QStringLiteral("cli"),
        QStringLiteral("--status"), QStringLiteral("resolved"), QStringLiteral("--in-release"), QStringLiteral("2.0"),
        QStringLiteral("--label"), QStringLiteral("x"), QStringLiteral("--json")});
    QCOMPARE(code, 0);
    QCOMPARE(nlohmann::json::parse(out.toStdString())["issues"].get<int>(), 2);
    std::tie(code, out) = run({QStringLiteral("note"), QStringLiteral("--issue"), QStringLiteral("1"),
        QStringLiteral("--text"), QStringLiteral("hello"), QStringLiteral("--json")});
    QCOMPARE(code, 0);
    std::tie(code, out) = run({QStringLiteral("activity"), QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(code, 0);
    const auto j = nlohmann::json::parse(out.toStdString());
    QCOMPARE(j["activity"][0]["text"].get<std::string>(), std::string("resolved in release 2.0"));
    QCOMPARE(j["notes"][0]["text"].get<std::string>(), std::string("hello"));
    std::tie(code, out) = run({QStringLiteral("triage"), QStringLiteral("--undo"), QStringLiteral("--json")});
    QCOMPARE(code, 0);
    QCOMPARE(nlohmann::json::parse(out.toStdString())["issues"].get<int>(), 2);
    std::tie(code, out)
        = run({QStringLiteral("merge"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(code, 0);
    std::tie(code, out) = run({QStringLiteral("unmerge"), QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(code, 0);
    std::tie(code, out)
        = run({QStringLiteral("triage"), QStringLiteral("1"), QStringLiteral("--status"), QStringLiteral("bogus")});
    QCOMPARE(code, 2);
}

QTEST_GUILESS_MAIN(TestTriage)
#include "tst_triage.moc"
