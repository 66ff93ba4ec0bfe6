// What-if grouping end to end: a fingerprint rule merges two issues, a stack
// rule splits one; the plan's counts are exact, apply does what the plan
// said, triage and the activity log follow the events, cancel changes nothing.
// (tst_regrouprebuild: the two ways of applying; tst_regrouptriage: every
// triage field through a split and a merge.)

#include "importer/importjob.h"
#include "importer/reindexjob.h"
#include "query/issuequery.h"
#include "regroup/regroupplan.h"
#include "regroupfixture.h"
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
using test::dumpIssueTables;
using test::errorEvent;
using test::issueOf;
using test::kMergeZero;
using test::kSplitLib;
using test::scalar;
using test::withRules;

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

private:
    std::string path() const { return m_dir->filePath(QStringLiteral("w.stackdeck")).toStdString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::int64_t m_compute = 0, m_average = 0, m_lookup = 0; // regroupfixture.h
};

void TestRegroup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const test::ThreeIssues ids = test::importThreeIssues(path(), m_dir->path());
    QVERIFY(ids.compute != 0 && ids.average != 0 && ids.lookup != 0);
    m_compute = ids.compute;
    m_average = ids.average;
    m_lookup = ids.lookup;
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

QTEST_GUILESS_MAIN(TestRegroup)
#include "tst_regroup.moc"
