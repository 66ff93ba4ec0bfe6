// Applying a regroup two ways, rebuilding only what changes or everything:
// the same result either way, ids never reused, a cancel in the middle of
// the rewrite changes nothing, an event that no longer decodes loses its issue.

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

class TestRegroupRebuild : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void rebuildingWhatChangesEqualsRebuildingAll_data();
    void rebuildingWhatChangesEqualsRebuildingAll();
    void reusedIdDoesNotInheritSearchRows();
    void cancelWhileRewritingLeavesEverything();
    void undecodablePayload_data();
    void undecodablePayload();

private:
    std::string path() const { return m_dir->filePath(QStringLiteral("w.stackdeck")).toStdString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::int64_t m_compute = 0, m_average = 0, m_lookup = 0; // regroupfixture.h
};

void TestRegroupRebuild::init()
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

void TestRegroupRebuild::rebuildingWhatChangesEqualsRebuildingAll_data()
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

void TestRegroupRebuild::rebuildingWhatChangesEqualsRebuildingAll()
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

void TestRegroupRebuild::reusedIdDoesNotInheritSearchRows()
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

void TestRegroupRebuild::cancelWhileRewritingLeavesEverything()
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

void TestRegroupRebuild::undecodablePayload_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("changed") << static_cast<int>(regroup::RegroupOptions::Mode::Affected);
    QTest::newRow("all") << static_cast<int>(regroup::RegroupOptions::Mode::Everything);
}

void TestRegroupRebuild::undecodablePayload()
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

QTEST_GUILESS_MAIN(TestRegroupRebuild)
#include "tst_regrouprebuild.moc"
