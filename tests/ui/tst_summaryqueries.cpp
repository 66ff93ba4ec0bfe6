#include "store/eventqueries.h"
#include "store/issuequeries.h"
#include "store/summaryqueries.h"
#include "store/workspace.h"
#include "uifixture.h"

#include <QTest>

using namespace stackdeck;

class TestSummaryQueries : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<store::Workspace> m_ws;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        STACKDECK_REQUIRE_CORPUS();
        const QString path = m_dir.filePath(QStringLiteral("w.stackdeck"));
        const auto outcome = test::buildCorpusWorkspace(path);
        QVERIFY2(outcome.fatalError.isEmpty(), qPrintable(outcome.fatalError));
        QVERIFY(outcome.events > 100);
        auto ws = store::Workspace::open(path.toStdString(), store::Workspace::Mode::ReadOnly);
        QVERIFY(ws.ok());
        m_ws = std::move(ws).value();
    }

    void projectsAndStatusCountsAddUp()
    {
        auto& db = m_ws->db();
        const auto projects = store::listProjects(db);
        QVERIFY(!projects.empty());
        std::int64_t sum = 0;
        for (const auto& p : projects)
            sum += p.issues;
        QCOMPARE(sum, store::totalIssueCount(db));
        const auto counts = store::issueStatusCounts(db, {});
        QCOMPARE(counts[0] + counts[1] + counts[2], sum);
        const auto scoped = store::issueStatusCounts(db, store::projectFilter(projects.front().id));
        QCOMPARE(scoped[0] + scoped[1] + scoped[2], projects.front().issues);
    }

    void environmentsAndReleasesFilterIssues()
    {
        auto& db = m_ws->db();
        const auto releases = store::tagValuesByIssues(db, "release");
        QVERIFY(!releases.empty());
        for (const auto& r : releases)
            QCOMPARE(store::countIssues(db, store::tagFilter("release", r.value)), r.issues);
        QCOMPARE(store::countIssues(db, store::tagFilter("release", "no-such-release")), 0);
        const auto both
            = store::andFilters({store::statusFilter(0), store::tagFilter("release", releases.front().value)});
        QCOMPARE(both.params.size(), std::size_t(3));
        QVERIFY(store::countIssues(db, both) <= releases.front().issues);
        QVERIFY(store::andFilters({}).isEmpty());
    }

    void sparklinesCountTheLastTwoWeeks()
    {
        auto& db = m_ws->db();
        store::IssueListRequest request;
        request.limit = 50;
        const auto page = store::listIssues(db, request);
        std::vector<IssueId> ids;
        for (const auto& i : page.issues)
            ids.push_back(i.id);
        const Micros end = store::latestIssueActivity(db);
        QVERIFY(end > 0);
        const auto lines = store::issueSparklines(db, ids, end);
        QCOMPARE(lines.size(), ids.size());
        for (const auto& issue : page.issues) {
            std::int64_t sum = 0;
            for (auto v : lines.at(issue.id.value))
                sum += v;
            // The corpus spans less than two weeks: every event is in the trend.
            if (end - issue.firstSeen < 13 * 86'400'000'000LL)
                QCOMPARE(sum, issue.eventCount);
        }
        QVERIFY(store::issueSparklines(db, {}, end).empty());
    }

    void sourcesAreListed()
    {
        const auto sources = store::listSources(m_ws->db());
        QVERIFY(static_cast<qsizetype>(sources.size()) >= test::sdkCorpusFiles().size() / 2);
        QCOMPARE(sources.front().kind, std::string("file"));
    }
};

QTEST_GUILESS_MAIN(TestSummaryQueries)
#include "tst_summaryqueries.moc"
