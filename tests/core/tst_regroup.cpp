// What-if grouping end to end: a fingerprint rule merges two issues, a stack
// rule splits one; the plan's counts are exact, apply does what the plan
// said, triage and the activity log follow the events, cancel changes nothing.

#include "importer/importjob.h"
#include "importer/reindexjob.h"
#include "query/issuequery.h"
#include "regroup/regroupplan.h"
#include "store/consistency.h"
#include "store/issueactivity.h"
#include "store/issuequeries.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace stackdeck;
using test::scalar;

namespace {

// One python error: `function` is the in-app frame that groups it, `library`
// a frame outside the app (ignored by the app variant until a rule says otherwise).
std::string errorEvent(int n, const std::string& type, const std::string& function, const std::string& library)
{
    char id[33];
    std::snprintf(id, sizeof id, "%032x", n);
    return std::string(R"({"event_id":")") + id + R"(","timestamp":)" + std::to_string(1764600000 + n)
        + R"(,"level":"error","platform":"python","exception":{"values":[{"type":")" + type
        + R"(","value":"boom","stacktrace":{"frames":[{"function":")" + library
        + R"(","module":"lib.core","filename":"lib/core.py","lineno":3,"in_app":false},{"function":")" + function
        + R"(","module":"app.mod","filename":"app/mod.py","lineno":10,"in_app":true}]}}]}})";
}

std::int64_t issueOf(sql::Database& db, int eventNumber)
{
    char id[33];
    std::snprintf(id, sizeof id, "%032x", eventNumber);
    sql::Statement st(db, "SELECT issue_id FROM events WHERE event_id = ?1");
    st.bind(1, std::string(id));
    return st.step() ? st.int64(0) : 0;
}

// Every row of the tables a regroup writes, and what a few searches find: two
// workspaces with the same dump hold the same issues.
std::string dumpIssueTables(sql::Database& db)
{
    static const char* const kQueries[] = {
        "SELECT id, issue_id, primary_hash, hashes, title, culprit FROM events ORDER BY id",
        "SELECT id, project_id, primary_hash, title, culprit, type, level, platform, metadata, first_seen, last_seen, "
        "title_ts, event_count, user_count, status, substatus, assignee, bookmarked, first_release, last_release, "
        "server_id, short_id FROM issues ORDER BY id",
        "SELECT * FROM issue_hashes ORDER BY project_id, hash",
        "SELECT * FROM issue_tags ORDER BY issue_id, tag_id",
        "SELECT * FROM issue_users ORDER BY issue_id, user_hash",
        "SELECT * FROM issue_hourly ORDER BY issue_id, hour",
        "SELECT issue_id, kind, text, author, copied_from FROM issue_activity ORDER BY issue_id, kind, text",
    };
    std::string out;
    for (const char* query : kQueries) {
        sql::Statement st(db, query);
        while (st.step()) {
            for (int c = 0; c < st.columnCount(); ++c)
                out += (st.isNull(c) ? std::string("NULL") : st.text(c)) + '|';
            out += '\n';
        }
        out += "--\n";
    }
    const Micros now = QDateTime::currentMSecsSinceEpoch() * 1000;
    for (const char* text : {"compute", "average", "lookup", "liba", "libb", "ZeroDivisionError", "KeyError", "boom",
             "\"Lookup failed\""}) {
        store::IssueListRequest request;
        request.filter = query::compileIssueQuery(text, now).filter;
        out += std::string(text) + ":";
        for (const Issue& i : store::listIssues(db, request).issues)
            out += " " + std::to_string(i.id.value);
        out += '\n';
    }
    return out;
}

const char* kMergeZero = "error.type:ZeroDivisionError -> zero\n";
const char* kSplitLib = "stack.function:libb +app\n";

} // namespace

class TestRegroup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void planMerge();
    void planSplit();
    void planWithStoredRulesChangesNothing();
    void applyMergeKeepsBothLogs();
    void applySplitCopiesTheLog();
    void cancelLeavesEverything();
    void invalidCandidateRules();
    void importUsesProjectRules();
    void reindexKeepsActivity();
    void compareOneEvent();
    void rebuildingWhatChangesEqualsRebuildingAll_data();
    void rebuildingWhatChangesEqualsRebuildingAll();
    void reusedIdDoesNotInheritSearchRows();
    void cancelWhileRewritingLeavesEverything();
    void undecodablePayload_data();
    void undecodablePayload();

private:
    std::string path() const { return m_dir->filePath(QStringLiteral("w.stackdeck")).toStdString(); }
    regroup::RegroupOptions withRules(const std::string& enhancements, const std::string& fingerprints) const
    {
        regroup::RegroupOptions o;
        o.project = "p";
        o.rules.push_back(regroup::ProjectRules {"p", enhancements, fingerprints});
        o.workers = 2;
        return o;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    // Issues as imported: 1 = ZeroDivisionError in compute (3 events), 2 =
    // ZeroDivisionError in average (2), 3 = KeyError in lookup (3: two through
    // liba, one through libb).
    std::int64_t m_compute = 0, m_average = 0, m_lookup = 0;
};

void TestRegroup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString file = m_dir->filePath(QStringLiteral("events.ndjson"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    std::string text;
    for (int i = 1; i <= 3; ++i)
        text += errorEvent(i, "ZeroDivisionError", "compute", "liba") + "\n";
    for (int i = 4; i <= 5; ++i)
        text += errorEvent(i, "ZeroDivisionError", "average", "liba") + "\n";
    for (int i = 6; i <= 8; ++i)
        text += errorEvent(i, "KeyError", "lookup", i == 8 ? "libb" : "liba") + "\n";
    // A transaction: not grouped, and its spans stay as they are through a regroup.
    text += R"({"type":"transaction","event_id":"000000000000000000000000000000ff","transaction":"/checkout",)"
            R"("start_timestamp":1764600000,"timestamp":1764600001,"contexts":{"trace":{"trace_id":)"
            R"("0123456789abcdef0123456789abcdef","span_id":"aaaaaaaaaaaaaaaa","op":"http.server"}},"spans":[)"
            R"({"span_id":"bbbbbbbbbbbbbbbb","parent_span_id":"aaaaaaaaaaaaaaaa","op":"db","description":"SELECT 1",)"
            R"("start_timestamp":1764600000.1,"timestamp":1764600000.2},{"span_id":"cccccccccccccccc",)"
            R"("parent_span_id":"aaaaaaaaaaaaaaaa","op":"http.client","start_timestamp":1764600000.3,)"
            R"("timestamp":1764600000.9}]})"
            "\n";
    out.write(text.data(), static_cast<qint64>(text.size()));
    out.close();
    ImportOptions options;
    options.project = "p";
    const ImportSummary s = ImportJob(path(), options).run({file.toStdString()});
    QCOMPARE(s.events, 8);
    QCOMPARE(s.transactions, 1);
    QCOMPARE(s.spans, 2);
    QCOMPARE(s.issuesCreated, 3);
    auto ws = store::Workspace::open(path());
    QVERIFY(ws.ok());
    m_compute = issueOf((*ws)->db(), 1);
    m_average = issueOf((*ws)->db(), 4);
    m_lookup = issueOf((*ws)->db(), 6);
    QVERIFY(m_compute != m_average && m_average != m_lookup);
}

void TestRegroup::planMerge()
{
    const regroup::RegroupPlan plan = regroup::planRegroup(path(), withRules(std::string(), kMergeZero));
    QVERIFY2(plan.fatalError.empty(), plan.fatalError.c_str());
    QCOMPARE(plan.events, 8);
    QCOMPARE(plan.issuesBefore, 3);
    QCOMPARE(plan.groupsAfter, 2);
    QCOMPARE(plan.unchanged, 1);
    QCOMPARE(plan.merged, 2);
    QCOMPARE(plan.split, 0);
    QCOMPARE(plan.affected.size(), std::size_t(2));
    QCOMPARE(plan.affected[0].id.value, m_compute); // most events first
    QCOMPARE(plan.affected[0].change, regroup::IssueChange::Merged);
    QCOMPARE(plan.affected[0].title, std::string("ZeroDivisionError: boom"));
    QCOMPARE(plan.groups.size(), std::size_t(1));
    QCOMPARE(plan.groups[0].events, 5);
    QCOMPARE(plan.groups[0].from.size(), std::size_t(2));
    QCOMPARE(plan.groups[0].from[0], std::make_pair(IssueId(m_compute), std::int64_t(3)));
    QCOMPARE(plan.groups[0].from[1], std::make_pair(IssueId(m_average), std::int64_t(2)));
}

void TestRegroup::planSplit()
{
    const regroup::RegroupPlan plan = regroup::planRegroup(path(), withRules(kSplitLib, std::string()));
    QVERIFY2(plan.fatalError.empty(), plan.fatalError.c_str());
    QCOMPARE(plan.groupsAfter, 4);
    QCOMPARE(plan.unchanged, 2);
    QCOMPARE(plan.split, 1);
    QCOMPARE(plan.merged, 0);
    QCOMPARE(plan.affected.size(), std::size_t(1));
    QCOMPARE(plan.affected[0].id.value, m_lookup);
    QCOMPARE(plan.affected[0].change, regroup::IssueChange::Split);
    QCOMPARE(plan.affected[0].groups.size(), std::size_t(2));
    QCOMPARE(plan.groups[plan.affected[0].groups[0]].events, 2); // largest share first
    QCOMPARE(plan.groups[plan.affected[0].groups[1]].events, 1);
}

void TestRegroup::planWithStoredRulesChangesNothing()
{
    regroup::RegroupOptions options;
    const regroup::RegroupPlan plan = regroup::planRegroup(path(), options);
    QCOMPARE(plan.unchanged, 3);
    QVERIFY(plan.affected.empty());
}

void TestRegroup::applyMergeKeepsBothLogs()
{
    {
        auto ws = store::Workspace::open(path());
        sql::Database& db = (*ws)->db();
        sql::Statement triage(db, "UPDATE issues SET status = 1, assignee = 'ana', bookmarked = 1 WHERE id = ?1");
        triage.bind(1, m_compute).run();
        store::addActivity(db, {0, IssueId(m_compute), "note", "seen in prod", "ana", 10, std::nullopt});
        store::addActivity(db, {0, IssueId(m_average), "note", "flaky", "bo", 20, std::nullopt});
    }
    const regroup::RegroupPlan plan = regroup::planRegroup(path(), withRules(std::string(), kMergeZero));
    const regroup::RegroupSummary s = regroup::applyRegroup(path(), withRules(std::string(), kMergeZero));
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    QVERIFY(!s.cancelled);
    QCOMPARE(s.issuesAfter, 2);
    QCOMPARE(s.plan.merged, plan.merged);
    QCOMPARE(s.plan.unchanged, plan.unchanged);
    QCOMPARE(s.plan.groupsAfter, plan.groupsAfter);

    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    QCOMPARE(store::checkConsistency(db), std::vector<std::string>());
    QCOMPARE(scalar(db, "SELECT coalesce(sum(count), 0) FROM event_spans"), 2);
    QCOMPARE(scalar(db, "SELECT count(*) FROM events WHERE tag_ids IS NULL OR tag_ids = '[]'"), 0);
    QCOMPARE(scalar(db,
                 "SELECT count(*) FROM events e, json_each(e.tag_ids) t LEFT JOIN tags g ON g.id = t.value "
                 "WHERE g.id IS NULL"),
        0); // every tag id still names a tag
    const std::int64_t merged = issueOf(db, 1);
    QCOMPARE(merged, m_compute); // the first event's issue keeps its id
    QCOMPARE(issueOf(db, 4), merged);
    QCOMPARE(issueOf(db, 6), m_lookup);
    sql::Statement st(db, "SELECT status, assignee, bookmarked FROM issues WHERE id = ?1");
    st.bind(1, merged);
    QVERIFY(st.step());
    QCOMPARE(st.int64(0), 1);
    QCOMPARE(st.text(1), std::string("ana"));
    QCOMPARE(st.int64(2), 1);
    const auto log = store::listActivity(db, IssueId(merged));
    QCOMPARE(log.size(), std::size_t(3));
    QCOMPARE(log[0].text, std::string("seen in prod"));
    QCOMPARE(log[1].text, std::string("flaky"));
    QVERIFY(!log[1].copiedFrom);
    QCOMPARE(log[2].kind, std::string("regroup"));
    QCOMPARE(log[2].text, "merged from #" + std::to_string(m_compute) + ", #" + std::to_string(m_average));
    auto stored = regroup::loadProjectRules(db, "p");
    QVERIFY(stored.ok());
    QCOMPARE(stored->fingerprintRules, std::string(kMergeZero));
    QVERIFY(store::listActivity(db, IssueId(m_lookup)).empty()); // unchanged: no entry
}

void TestRegroup::applySplitCopiesTheLog()
{
    {
        auto ws = store::Workspace::open(path());
        sql::Database& db = (*ws)->db();
        sql::Statement triage(db, "UPDATE issues SET assignee = 'cy' WHERE id = ?1");
        triage.bind(1, m_lookup).run();
        store::addActivity(db, {0, IssueId(m_lookup), "note", "customer ticket 12", "cy", 30, std::nullopt});
    }
    const regroup::RegroupSummary s = regroup::applyRegroup(path(), withRules(kSplitLib, std::string()));
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    QCOMPARE(s.issuesAfter, 4);
    QCOMPARE(s.plan.split, 1);
    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    QCOMPARE(store::checkConsistency(db), std::vector<std::string>());
    const std::int64_t big = issueOf(db, 6);
    const std::int64_t small = issueOf(db, 8);
    QCOMPARE(big, m_lookup);
    QVERIFY(small != big);
    QCOMPARE(issueOf(db, 7), big);
    const auto kept = store::listActivity(db, IssueId(big));
    QCOMPARE(kept.size(), std::size_t(2));
    QCOMPARE(kept[0].text, std::string("customer ticket 12"));
    QVERIFY(!kept[0].copiedFrom);
    QCOMPARE(kept[1].text, "split from #" + std::to_string(m_lookup));
    const auto copied = store::listActivity(db, IssueId(small));
    QCOMPARE(copied.size(), std::size_t(2));
    QCOMPARE(copied[0].text, std::string("customer ticket 12"));
    QVERIFY(copied[0].copiedFrom.has_value());
    QCOMPARE(copied[0].copiedFrom->value, m_lookup);
    QCOMPARE(copied[1].kind, std::string("regroup"));
    // The part with most of the events has most of its triage: every part takes the assignee.
    QCOMPARE(scalar(db, "SELECT count(*) FROM issues WHERE assignee = 'cy'"), 2);
}

void TestRegroup::cancelLeavesEverything()
{
    auto snapshot = [&] {
        auto ws = store::Workspace::open(path());
        sql::Statement st((*ws)->db(),
            "SELECT group_concat(id || ':' || issue_id, ',') FROM (SELECT id, issue_id FROM events ORDER BY id)");
        st.step();
        return st.text(0) + "/" + std::to_string(scalar((*ws)->db(), "SELECT count(*) FROM issues"));
    };
    const std::string before = snapshot();
    std::atomic<bool> cancel {true};
    const regroup::RegroupSummary s = regroup::applyRegroup(path(), withRules(std::string(), kMergeZero), &cancel);
    QVERIFY(s.cancelled);
    QCOMPARE(snapshot(), before);
    auto ws = store::Workspace::open(path());
    QVERIFY(regroup::loadProjectRules((*ws)->db(), "p")->fingerprintRules.empty()); // rules not saved either
    QCOMPARE(store::checkConsistency((*ws)->db()), std::vector<std::string>());
}

void TestRegroup::invalidCandidateRules()
{
    const regroup::RegroupPlan plan = regroup::planRegroup(path(), withRules("stack.function:foo +app\nbogus\n", ""));
    QVERIFY(!plan.fatalError.empty());
    QVERIFY2(plan.fatalError.find(":2:") != std::string::npos, plan.fatalError.c_str());
    const regroup::RegroupSummary s = regroup::applyRegroup(path(), withRules("", "type:X -> \n"));
    QVERIFY(!s.fatalError.empty());
}

void TestRegroup::importUsesProjectRules()
{
    {
        auto ws = store::Workspace::open(path());
        QVERIFY(regroup::saveProjectRules((*ws)->db(), {"p", std::string(), kMergeZero}).ok());
    }
    // Same events, new ids: with the rule, both ZeroDivisionError kinds join one issue.
    const QString file = m_dir->filePath(QStringLiteral("more.ndjson"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    const std::string text = errorEvent(101, "ZeroDivisionError", "brandnew", "liba") + "\n";
    out.write(text.data(), static_cast<qint64>(text.size()));
    out.close();
    ImportOptions options;
    options.project = "p";
    const ImportSummary s = ImportJob(path(), options).run({file.toStdString()});
    QCOMPARE(s.events, 1);
    QCOMPARE(s.issuesCreated, 1); // "zero" is a new fingerprint
    auto ws = store::Workspace::open(path());
    const std::int64_t zero = issueOf((*ws)->db(), 101);
    // The reindex groups the old ones by the rule too: they all join it.
    ws->reset();
    const ReindexSummary r = ReindexJob(path()).run();
    QVERIFY(r.fatalError.empty());
    ws = store::Workspace::open(path());
    Q_UNUSED(zero);
    QCOMPARE(issueOf((*ws)->db(), 1), issueOf((*ws)->db(), 101));
    QCOMPARE(issueOf((*ws)->db(), 4), issueOf((*ws)->db(), 101));
    QCOMPARE(scalar((*ws)->db(), "SELECT count(*) FROM issues"), 2);
}

void TestRegroup::reindexKeepsActivity()
{
    {
        auto ws = store::Workspace::open(path());
        store::addActivity((*ws)->db(), {0, IssueId(m_average), "note", "keep me", "ana", 5, std::nullopt});
    }
    const ReindexSummary r = ReindexJob(path()).run();
    QVERIFY(r.fatalError.empty());
    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    QCOMPARE(store::checkConsistency(db), std::vector<std::string>());
    const auto log = store::listActivity(db, IssueId(issueOf(db, 4)));
    QCOMPARE(log.size(), std::size_t(1));
    QCOMPARE(log[0].text, std::string("keep me"));
}

void TestRegroup::compareOneEvent()
{
    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    sql::Statement st(db, "SELECT id FROM events ORDER BY id LIMIT 1");
    QVERIFY(st.step());
    const EventRowId row(st.int64(0));
    auto cmp = regroup::compareEventGrouping(db, row, {"p", std::string(), kMergeZero});
    QVERIFY2(cmp.ok(), cmp.ok() ? "" : cmp.error().message.c_str());
    QVERIFY(cmp->before.primaryHash() != cmp->after.primaryHash());
    QVERIFY(cmp->after.variant("custom-fingerprint") != nullptr);
    QVERIFY(!cmp->before.variants.front().hashInput.empty()); // with details
    auto bad = regroup::compareEventGrouping(db, row, {"p", "nonsense", std::string()});
    QVERIFY(!bad.ok());
}

void TestRegroup::rebuildingWhatChangesEqualsRebuildingAll_data()
{
    QTest::addColumn<QString>("enhancements");
    QTest::addColumn<QString>("fingerprints");
    QTest::addColumn<int>("issuesAfter");
    QTest::addColumn<bool>("lookupUntouched"); // the KeyError issue is not rebuilt
    QTest::newRow("merge") << QString() << QString::fromLatin1(kMergeZero) << 2 << true;
    QTest::newRow("split") << QString::fromLatin1(kSplitLib) << QString() << 4 << false;
    QTest::newRow("title only") << QString()
                                << QStringLiteral("error.type:KeyError -> {{ default }} title=\"Lookup failed\"\n") << 3
                                << false;
    QTest::newRow("nothing changes") << QString() << QString() << 3 << true;
    QTest::newRow("split, then merge what split off")
        << QString::fromLatin1(kSplitLib)
        << QStringLiteral("stack.function:libb -> zero\nerror.type:ZeroDivisionError -> zero\n") << 2 << false;
}

void TestRegroup::rebuildingWhatChangesEqualsRebuildingAll()
{
    QFETCH(QString, enhancements);
    QFETCH(QString, fingerprints);
    QFETCH(int, issuesAfter);
    QFETCH(bool, lookupUntouched);
    {
        auto ws = store::Workspace::open(path());
        sql::Database& db = (*ws)->db();
        sql::Statement triage(db, "UPDATE issues SET status = 2, assignee = 'ana' WHERE id = ?1");
        triage.bind(1, m_lookup).run();
        store::addActivity(db, {0, IssueId(m_lookup), "note", "ticket 7", "ana", 10, std::nullopt});
        store::addActivity(db, {0, IssueId(m_average), "note", "flaky", "bo", 20, std::nullopt});
    }
    const std::string affectedPath = m_dir->filePath(QStringLiteral("affected.stackdeck")).toStdString();
    const std::string everythingPath = m_dir->filePath(QStringLiteral("everything.stackdeck")).toStdString();
    QVERIFY(QFile::copy(QString::fromStdString(path()), QString::fromStdString(affectedPath)));
    QVERIFY(QFile::copy(QString::fromStdString(path()), QString::fromStdString(everythingPath)));

    auto options = withRules(enhancements.toStdString(), fingerprints.toStdString());
    options.mode = regroup::RegroupOptions::Mode::Affected;
    const regroup::RegroupSummary a = regroup::applyRegroup(affectedPath, options);
    QVERIFY2(a.fatalError.empty(), a.fatalError.c_str());
    options.mode = regroup::RegroupOptions::Mode::Everything;
    const regroup::RegroupSummary e = regroup::applyRegroup(everythingPath, options);
    QVERIFY2(e.fatalError.empty(), e.fatalError.c_str());
    QCOMPARE(a.issuesAfter, issuesAfter);
    QCOMPARE(e.issuesAfter, issuesAfter);
    QCOMPARE(a.plan.split, e.plan.split);
    QCOMPARE(a.plan.merged, e.plan.merged);
    QCOMPARE(a.plan.unchanged, e.plan.unchanged);
    QCOMPARE(a.plan.groupsAfter, e.plan.groupsAfter);

    auto affected = store::Workspace::open(affectedPath);
    auto everything = store::Workspace::open(everythingPath);
    QVERIFY(affected.ok() && everything.ok());
    QCOMPARE(store::checkConsistency((*affected)->db()), std::vector<std::string>());
    const std::string dump = dumpIssueTables((*affected)->db());
    QCOMPARE(QString::fromStdString(dump), QString::fromStdString(dumpIssueTables((*everything)->db())));
    // Rebuilt issues leave their old search rows behind, marked; untouched ones none.
    sql::Database& db = (*affected)->db();
    sql::Statement stale(db, "SELECT count(*) FROM search_stale WHERE issue_id = ?1");
    stale.bind(1, m_lookup);
    QVERIFY(stale.step());
    QCOMPARE(stale.int64(0) == 0, lookupUntouched);
}

void TestRegroup::reusedIdDoesNotInheritSearchRows()
{
    auto options = withRules(std::string(), "error.type:ZeroDivisionError -> all\nerror.type:KeyError -> all\n");
    options.mode = regroup::RegroupOptions::Mode::Affected;
    const regroup::RegroupSummary s = regroup::applyRegroup(path(), options);
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    QCOMPARE(s.issuesAfter, 1);

    // A new issue gets an id no issue ever had, not one the merged-away issues had.
    const QString file = m_dir->filePath(QStringLiteral("more.ndjson"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write((errorEvent(20, "TypeError", "render", "liba") + "\n").c_str());
    out.close();
    ImportOptions import;
    import.project = "p";
    QCOMPARE(ImportJob(path(), import).run({file.toStdString()}).issuesCreated, 1);

    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    const std::int64_t fresh = issueOf(db, 20);
    QVERIFY(fresh > std::max({m_compute, m_average, m_lookup})); // ids are never reused
    const Micros now = QDateTime::currentMSecsSinceEpoch() * 1000;
    auto found = [&](const char* text) {
        store::IssueListRequest request;
        request.filter = query::compileIssueQuery(text, now).filter;
        std::vector<std::int64_t> ids;
        for (const Issue& i : store::listIssues(db, request).issues)
            ids.push_back(i.id.value);
        return ids;
    };
    const std::int64_t all = issueOf(db, 1);
    QCOMPARE(found("average"), std::vector<std::int64_t> {all});
    QCOMPARE(found("lookup"), std::vector<std::int64_t> {all});
    QCOMPARE(found("render"), std::vector<std::int64_t> {fresh});
}

void TestRegroup::cancelWhileRewritingLeavesEverything()
{
    auto snapshot = [&] {
        auto ws = store::Workspace::open(path());
        return dumpIssueTables((*ws)->db());
    };
    const std::string before = snapshot();
    std::atomic<bool> cancel {false};
    std::int64_t replayed = -1;
    auto options = withRules(std::string(), kMergeZero);
    options.mode = regroup::RegroupOptions::Mode::Affected;
    // Pass 1 ends at 8 of 8; cancel as soon as pass 2 has written anything.
    const regroup::RegroupSummary s
        = regroup::applyRegroup(path(), options, &cancel, [&](std::int64_t done, std::int64_t total) {
              if (replayed < 0 && done == total)
                  replayed = done;
              else if (replayed >= 0 && done > replayed)
                  cancel = true;
          });
    QCOMPARE(replayed, 8);
    QVERIFY(cancel.load());
    QVERIFY(s.cancelled);
    QCOMPARE(QString::fromStdString(snapshot()), QString::fromStdString(before));
}

void TestRegroup::undecodablePayload_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("changed") << static_cast<int>(regroup::RegroupOptions::Mode::Affected);
    QTest::newRow("all") << static_cast<int>(regroup::RegroupOptions::Mode::Everything);
}

void TestRegroup::undecodablePayload()
{
    QFETCH(int, mode);
    {
        auto ws = store::Workspace::open(path());
        sql::Database& db = (*ws)->db();
        db.exec("UPDATE event_payloads SET codec = 0, raw_size = 3, data = CAST('{x:' AS BLOB) WHERE event_rowid = "
                "(SELECT id FROM events WHERE event_id = '00000000000000000000000000000002')");
    }
    auto options = withRules(std::string(), kMergeZero);
    options.mode = static_cast<regroup::RegroupOptions::Mode>(mode);
    const regroup::RegroupSummary s = regroup::applyRegroup(path(), options);
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    QCOMPARE(s.plan.failed, 1);
    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    QCOMPARE(store::checkConsistency(db), std::vector<std::string>());
    QCOMPARE(issueOf(db, 2), 0); // its issue was rebuilt without it: it has none now
    QCOMPARE(issueOf(db, 1), issueOf(db, 4)); // the rest merged
    QCOMPARE(scalar(db, "SELECT event_count FROM issues WHERE id = " + std::to_string(issueOf(db, 1))), 4);
}

QTEST_GUILESS_MAIN(TestRegroup)
#include "tst_regroup.moc"
