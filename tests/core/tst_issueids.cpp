// An issue id is never given to another issue: whatever removed the issue
// with the highest id (a merge, a regroup), the next issue made (by unmerge,
// a regroup that splits, an import) gets an id above every id ever used,
// also in a workspace written before meta issue_id_high_water existed.

#include "importer/importjob.h"
#include "regroup/issuemerge.h"
#include "regroup/regroupplan.h"
#include "regroupfixture.h"
#include "store/consistency.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace stackdeck;
using test::issueOf;
using test::scalar;

namespace {

enum class Removal { Merge, Regroup };
enum class Creation { Unmerge, RegroupSplit, Import };

const char* kAllOne = "error.type:ZeroDivisionError -> one\nerror.type:KeyError -> one\n";

} // namespace

class TestIssueIds : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freshIdAfterTheHighestWasRemoved_data();
    void freshIdAfterTheHighestWasRemoved();
};

void TestIssueIds::freshIdAfterTheHighestWasRemoved_data()
{
    QTest::addColumn<int>("removal");
    QTest::addColumn<int>("creation");
    QTest::addColumn<bool>("legacy"); // no meta issue_id_high_water (a workspace from before it)
    const auto add = [](const char* name, Removal r, Creation c) {
        for (const bool legacy : {false, true})
            QTest::newRow((std::string(name) + (legacy ? ", legacy workspace" : "")).c_str())
                << static_cast<int>(r) << static_cast<int>(c) << legacy;
    };
    add("merged away, unmerge", Removal::Merge, Creation::Unmerge);
    add("merged away, import", Removal::Merge, Creation::Import);
    add("regrouped away, regroup splits again", Removal::Regroup, Creation::RegroupSplit);
    add("regrouped away, import", Removal::Regroup, Creation::Import);
}

void TestIssueIds::freshIdAfterTheHighestWasRemoved()
{
    QFETCH(int, removal);
    QFETCH(int, creation);
    QFETCH(bool, legacy);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("w.stackdeck")).toStdString();
    const test::ThreeIssues ids = test::importThreeIssues(path, dir.path());
    QVERIFY(ids.compute != 0);
    const std::int64_t highest = std::max({ids.compute, ids.average, ids.lookup});
    QCOMPARE(highest, ids.lookup);
    if (legacy) {
        auto ws = store::Workspace::open(path);
        (*ws)->db().exec("DELETE FROM meta WHERE key = 'issue_id_high_water'");
    }

    // The issue with the highest id goes.
    if (static_cast<Removal>(removal) == Removal::Merge) {
        auto ws = store::Workspace::open(path);
        const auto merged = regroup::mergeIssues(path, (*ws)->db(), {IssueId(ids.compute), IssueId(ids.lookup)});
        QVERIFY2(merged.ok(), merged.ok() ? "" : merged.error().message.c_str());
    } else {
        const regroup::RegroupSummary s = regroup::applyRegroup(path, test::withRules("", kAllOne));
        QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
        QCOMPARE(s.issuesAfter, 1);
    }
    {
        auto ws = store::Workspace::open(path);
        QCOMPARE(scalar((*ws)->db(), "SELECT count(*) FROM issues WHERE id = " + std::to_string(highest)), 0);
    }

    // Something makes a new issue.
    std::vector<std::int64_t> made;
    switch (static_cast<Creation>(creation)) {
    case Creation::Unmerge: {
        auto ws = store::Workspace::open(path);
        const auto split = regroup::unmergeIssue(path, (*ws)->db(), IssueId(ids.compute));
        QVERIFY2(split.ok(), split.ok() ? "" : split.error().message.c_str());
        for (const IssueId id : split->issues)
            made.push_back(id.value);
        break;
    }
    case Creation::RegroupSplit: {
        const regroup::RegroupSummary s = regroup::applyRegroup(path, test::withRules("", ""));
        QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
        QCOMPARE(s.issuesAfter, 3);
        auto ws = store::Workspace::open(path);
        for (const int event : {1, 4, 6}) {
            if (issueOf((*ws)->db(), event) != ids.compute) // the part that kept the id
                made.push_back(issueOf((*ws)->db(), event));
        }
        break;
    }
    case Creation::Import: {
        const QString file = dir.filePath(QStringLiteral("more.ndjson"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write((test::errorEvent(30, "TypeError", "render", "liba") + "\n").c_str());
        out.close();
        ImportOptions options;
        options.project = "p";
        QCOMPARE(ImportJob(path, options).run({file.toStdString()}).issuesCreated, 1);
        auto ws = store::Workspace::open(path);
        made.push_back(issueOf((*ws)->db(), 30));
        break;
    }
    }
    QVERIFY(!made.empty());
    for (const std::int64_t id : made)
        QVERIFY2(id > highest, (std::to_string(id) + " is not above " + std::to_string(highest)).c_str());
    auto ws = store::Workspace::open(path);
    QCOMPARE(store::checkConsistency((*ws)->db()), std::vector<std::string>());
}

QTEST_GUILESS_MAIN(TestIssueIds)
#include "tst_issueids.moc"
