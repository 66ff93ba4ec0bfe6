#include "query/facets.h"
#include "query/issuequery.h"
#include "queryfixture.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::query;

namespace {

QString describe(const std::vector<ValueFacet>& values)
{
    QStringList out;
    for (const ValueFacet& v : values)
        out << QString::fromStdString(v.value) + QLatin1Char('=') + QString::number(v.issues);
    return out.join(QLatin1Char(','));
}

QString describe(const std::vector<ProjectFacet>& projects)
{
    QStringList out;
    for (const ProjectFacet& p : projects)
        out << QString::fromStdString(p.name) + QLatin1Char('=') + QString::number(p.issues);
    return out.join(QLatin1Char(','));
}

QString describe(const StatusFacet& s)
{
    return QStringLiteral("%1/%2/%3/%4").arg(s.unresolved).arg(s.resolved).arg(s.ignored).arg(s.all);
}

} // namespace

class TestFacets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void facets_data();
    void facets();
    void limit();
    void emptyWorkspace();
    void badFilterIsAnError();

private:
    test::QueryFixture m_fixture;
};

void TestFacets::initTestCase()
{
    QVERIFY(m_fixture.open());
    m_fixture.write(test::standardEvents());
    test::applyTriage(m_fixture);
}

void TestFacets::facets_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("projects");
    QTest::addColumn<QString>("environments");
    QTest::addColumn<QString>("releases");
    QTest::addColumn<QString>("status"); // unresolved/resolved/ignored/all

    QTest::newRow("all-issues") << QString() << QStringLiteral("backend=3,frontend=3,worker=2")
                                << QStringLiteral("production=4,dev=2,staging=1")
                                << QStringLiteral("1.2.0=2,1.3.0=2,1.2 beta=1,1.2.1=1,2.0.0=1")
                                << QStringLiteral("6/1/1/8");
    QTest::newRow("level-filter") << QStringLiteral("level:error") << QStringLiteral("frontend=2,backend=1,worker=1")
                                  << QStringLiteral("production=2,staging=1") << QStringLiteral("1.2.0=2,1.2.1=1")
                                  << QStringLiteral("4/0/0/4");
    QTest::newRow("free-text-filter") << QStringLiteral("reset OR connector")
                                      << QStringLiteral("backend=1,frontend=1,worker=0")
                                      << QStringLiteral("production=2") << QStringLiteral("1.2.0=2")
                                      << QStringLiteral("2/0/0/2");
    QTest::newRow("tag-filter") << QStringLiteral("browser:Chrome") << QStringLiteral("backend=2,frontend=0,worker=0")
                                << QStringLiteral("production=2") << QStringLiteral("1.2 beta=1,1.2.0=1")
                                << QStringLiteral("1/1/0/2");
    QTest::newRow("nothing-matches") << QStringLiteral("assigned:nobody")
                                     << QStringLiteral("backend=0,frontend=0,worker=0") << QString() << QString()
                                     << QStringLiteral("0/0/0/0");
}

void TestFacets::facets()
{
    QFETCH(QString, search);
    QFETCH(QString, projects);
    QFETCH(QString, environments);
    QFETCH(QString, releases);
    QFETCH(QString, status);
    const auto context = loadQueryContext(m_fixture.db(), test::kQueryNow);
    QVERIFY(context.ok());
    const CompiledQuery q = compileIssueQuery(search.toStdString(), *context);
    QVERIFY(q.ok());
    const auto facets = loadFacets(m_fixture.db(), q.countFilter);
    QVERIFY2(facets.ok(), facets.ok() ? "" : facets.error().message.c_str());
    QCOMPARE(describe(facets->projects), projects);
    QCOMPARE(describe(facets->environments), environments);
    QCOMPARE(describe(facets->releases), releases);
    QCOMPARE(describe(facets->status), status);
    // Both ways of counting a filtered tag facet agree.
    for (const FacetPlan plan : {FacetPlan::FromTags, FacetPlan::FromIssues}) {
        const auto environmentsByPlan = tagFacet(m_fixture.db(), "environment", q.countFilter, 50, plan);
        QVERIFY(environmentsByPlan.ok());
        QCOMPARE(describe(*environmentsByPlan), environments);
        const auto releasesByPlan = tagFacet(m_fixture.db(), "release", q.countFilter, 50, plan);
        QVERIFY(releasesByPlan.ok());
        QCOMPARE(describe(*releasesByPlan), releases);
    }
}

void TestFacets::limit()
{
    const auto releases = tagFacet(m_fixture.db(), "release", {}, 2);
    QVERIFY(releases.ok());
    QCOMPARE(describe(*releases), QStringLiteral("1.2.0=2,1.3.0=2"));
    const auto browsers = tagFacet(m_fixture.db(), "browser");
    QVERIFY(browsers.ok());
    QCOMPARE(describe(*browsers), QStringLiteral("Chrome=2,Firefox=1,Safari=1"));
}

void TestFacets::emptyWorkspace()
{
    test::QueryFixture empty;
    QVERIFY(empty.open());
    const auto facets = loadFacets(empty.db());
    QVERIFY(facets.ok());
    QVERIFY(facets->projects.empty());
    QVERIFY(facets->environments.empty());
    QCOMPARE(describe(facets->status), QStringLiteral("0/0/0/0"));
}

void TestFacets::badFilterIsAnError()
{
    // Errors are values: a filter that does not compile in SQL comes back as an Error.
    const SqlFilter broken {"no_such_column = ?", {std::int64_t(1)}};
    const auto status = statusFacet(m_fixture.db(), broken);
    QVERIFY(!status.ok());
    QVERIFY(!projectFacet(m_fixture.db(), broken).ok());
    QVERIFY(!tagFacet(m_fixture.db(), "release", broken).ok());
}

QTEST_GUILESS_MAIN(TestFacets)
#include "tst_facets.moc"
