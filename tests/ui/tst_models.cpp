#include "common/curl.h"
#include "common/jsontext.h"
#include "formats/eventdecoder.h"
#include "itemmodels/breadcrumbmodel.h"
#include "itemmodels/eventlistmodel.h"
#include "itemmodels/framemodel.h"
#include "itemmodels/issuelistmodel.h"
#include "itemmodels/jsontree.h"
#include "itemmodels/nodetreemodel.h"
#include "store/workspace.h"
#include "store/workspacesession.h"
#include "uifixture.h"
#include "widgets/timeaxis.h"

#include <QAbstractItemModelTester>
#include <QProcess>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <set>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {
Frame frame(const char* function, bool inApp, std::int64_t line)
{
    Frame f;
    f.function = function;
    f.filename = "app.py";
    f.lineno = line;
    f.inApp = inApp;
    f.contextLine = "raise ValueError()";
    f.preContext = {"a = 1", "b = 2"};
    f.postContext = {"c = 3"};
    f.vars.text = R"({"x": 1, "nested": {"list": [1, 2, {"deep": "v"}]}, "long": "trimmed..."})";
    return f;
}
} // namespace

class TestModels : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<store::WorkspaceSession> m_session;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (test::corpusDir().isEmpty())
            return;
        const QString path = m_dir.filePath(QStringLiteral("m.stackdeck"));
        QVERIFY(test::buildCorpusWorkspace(path).events > 0);
        m_session
            = std::move(store::WorkspaceSession::open(path.toStdString(), store::WorkspaceSession::Mode::ReadOnly))
                  .value();
    }

    void issueListPagesAndSorts_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("descending");
        for (int c = 0; c < IssueListModel::NUM_COLUMNS; ++c) {
            QTest::addRow("column %d desc", c) << c << true;
            QTest::addRow("column %d asc", c) << c << false;
        }
    }
    void issueListPagesAndSorts()
    {
        STACKDECK_REQUIRE_CORPUS();
        QFETCH(int, column);
        QFETCH(bool, descending);
        IssueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session);
        model.sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        QVERIFY(model.rowCount() > 0);
        QTRY_VERIFY(!model.isCounting()); // counted on a worker
        const std::int64_t total = model.totalCount();
        while (model.canFetchMore({}))
            model.fetchMoreNow();
        QCOMPARE(model.rowCount(), static_cast<int>(total));
        std::set<qint64> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.index(r, 0).data(IssueListModel::IssueIdRole).toLongLong());
        QCOMPARE(static_cast<std::int64_t>(ids.size()), total); // pages never overlap
        const auto sort = IssueListModel::sortForColumn(column);
        const int sortColumn = sort == store::IssueSort::Events ? int(IssueListModel::EventsColumn) : column;
        for (int r = 1; r < model.rowCount(); ++r) {
            const QVariant a = model.index(r - 1, sortColumn).data(IssueListModel::SortRole);
            const QVariant b = model.index(r, sortColumn).data(IssueListModel::SortRole);
            // Text sorts in SQLite's binary collation: the UTF-8 bytes, not QString's order.
            const auto cmp = a.typeId() == QMetaType::QString
                ? QVariant::compare(a.toString().toUtf8(), b.toString().toUtf8())
                : QVariant::compare(a, b);
            QVERIFY2(descending ? cmp >= 0 : cmp <= 0, qPrintable(QStringLiteral("row %1").arg(r)));
        }
    }

    void issueListFilterAndReloadKeepRows()
    {
        STACKDECK_REQUIRE_CORPUS();
        IssueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session);
        QTRY_VERIFY(!model.isCounting());
        const int all = static_cast<int>(model.totalCount());
        {
            const SqlFilter errors {"i.level = ?", {SqlValue(std::int64_t(4))}};
            model.setFilter(errors, errors);
        }
        QTRY_VERIFY(!model.isCounting());
        QVERIFY(model.totalCount() < all);
        model.setFilter({}, {});
        const IssueId first = model.issueAt(0);
        model.reload();
        QCOMPARE(model.issueAt(0), first);
        QCOMPARE(model.rowOfIssue(first), 0);
        QVERIFY(!model.index(0, IssueListModel::TitleColumn).data().toString().isEmpty());
        QVERIFY(model.index(0, IssueListModel::TrendColumn).data(IssueListModel::TrendRole).value<const void*>());
    }

    // Pages read ahead on the worker belong to the filter they were read for:
    // a new filter drops them, and every row still comes exactly once. The
    // workspace has enough issues for read-ahead to happen (the SDK corpus has
    // fewer than two pages, so it never did there).
    void issueListCountsOffTheGuiThread_data()
    {
        QTest::addColumn<int>("firstLevel");
        QTest::addColumn<int>("lastLevel");
        QTest::addRow("all, then errors") << -1 << 4;
        QTest::addRow("errors, then all") << 4 << -1;
        QTest::addRow("warnings, then errors") << 3 << 4;
    }
    void issueListCountsOffTheGuiThread()
    {
        STACKDECK_REQUIRE_CORPUS();
        QFETCH(int, firstLevel);
        QFETCH(int, lastLevel);
        auto filterOf = [](int level) {
            return level < 0 ? SqlFilter {} : SqlFilter {"i.level >= ?", {SqlValue(std::int64_t(level))}};
        };
        std::int64_t expected = 0;
        {
            auto reader = m_session->reader();
            expected = store::countIssues(reader->db(), filterOf(lastLevel));
        }
        IssueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(&model, &IssueListModel::totalCounted);
        model.setSession(m_session);
        // Two searches in a row: the first one's count is dropped (or never runs), the last one's lands.
        model.setFilter(filterOf(firstLevel), filterOf(firstLevel));
        QVERIFY(model.isCounting());
        QCOMPARE(model.totalCount(), std::int64_t(-1));
        model.setFilter(filterOf(lastLevel), filterOf(lastLevel));
        QTRY_VERIFY(!model.isCounting());
        QCOMPARE(model.totalCount(), expected);
        QCOMPARE(counted.size(), 1);
    }

    void issueListReadAheadFollowsTheFilter()
    {
        QTemporaryDir dir;
        auto ws = store::WorkspaceSession::open(dir.filePath(QStringLiteral("ahead.stackdeck")).toStdString());
        QVERIFY(ws.ok());
        constexpr int kIssues = 650;
        constexpr int kFatal = kIssues / 5; // level = x % 5, fatal is 4
        (*ws)->writer()->db().exec("INSERT INTO projects(name, created_at) VALUES('p', 0)");
        (*ws)->writer()->db().exec(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 650) "
            "INSERT INTO issues(project_id, primary_hash, title, first_seen, last_seen, event_count, "
            "level) SELECT 1, 'h' || x, 'issue ' || x, x * 1000000, x * 1000000, x, x % 5 FROM n");
        // No QAbstractItemModelTester here: its own fetchMore calls would take the
        // read-ahead rows this test needs to see waiting (the other tests run it).
        IssueListModel model;
        model.setSession(*ws);
        model.waitForCount();
        const std::int64_t all = model.totalCount();
        QCOMPARE(all, std::int64_t(kIssues));
        const SqlFilter fatal {"i.level = ?", {SqlValue(std::int64_t(4))}};
        model.setFilter(fatal, fatal);
        model.waitForCount();
        QCOMPARE(model.totalCount(), std::int64_t(kFatal));
        model.setFilter({}, {});
        if (model.canFetchMore({}))
            model.fetchMore({}); // starts the read-ahead
        model.waitForReadAhead();
        QVERIFY(model.readAheadRows() > 0); // unfiltered rows are waiting...
        model.setFilter(fatal, fatal); // ...and must not leak into the fatal list
        while (model.canFetchMore({}))
            model.fetchMoreNow();
        QCOMPARE(model.rowCount(), kFatal);
        std::set<qint64> ids;
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.index(r, 0).data(IssueListModel::LevelRole).toInt(), 4);
            ids.insert(model.index(r, 0).data(IssueListModel::IssueIdRole).toLongLong());
        }
        QCOMPARE(static_cast<int>(ids.size()), kFatal);
        model.setFilter({}, {});
        while (model.canFetchMore({}))
            model.fetchMoreNow();
        QCOMPARE(model.rowCount(), kIssues);
        ids.clear();
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.index(r, 0).data(IssueListModel::IssueIdRole).toLongLong());
        QCOMPARE(static_cast<int>(ids.size()), kIssues);
    }

    // A view's fetchMore never waits for the worker: rows it asked for while the
    // next page was still being read arrive with the event loop, once each.
    void issueListFetchMoreDoesNotWait()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("many.stackdeck")).toStdString();
        auto ws = store::WorkspaceSession::open(path);
        QVERIFY(ws.ok());
        constexpr int kIssues = 350;
        (*ws)->writer()->db().exec("INSERT INTO projects(name, created_at) VALUES('p', 0)");
        (*ws)->writer()->db().exec(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 350) "
            "INSERT INTO issues(project_id, primary_hash, title, first_seen, last_seen, event_count) "
            "SELECT 1, 'h' || x, 'issue ' || x, x * 1000000, x * 1000000, x FROM n");
        IssueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(*ws);
        QCOMPARE(model.totalCount(), std::int64_t(-1)); // the first page is here, the count on its way
        model.waitForCount(); // without the event loop: the tester would fetch more rows
        QCOMPARE(model.totalCount(), static_cast<std::int64_t>(kIssues));
        QCOMPARE(model.rowCount(), IssueListModel::kPageSize);
        model.fetchMore({});
        if (model.rowCount() == IssueListModel::kPageSize)
            QVERIFY(model.isFetching()); // not there yet: it comes with the worker's page
        QTRY_VERIFY(model.rowCount() > IssueListModel::kPageSize); // (the model tester fetches too)
        while (model.canFetchMore({})) {
            model.fetchMore({});
            model.fetchMore({}); // a second call while one waits changes nothing
            QTRY_VERIFY(!model.isFetching());
        }
        QCOMPARE(model.rowCount(), kIssues);
        std::set<qint64> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.index(r, 0).data(IssueListModel::IssueIdRole).toLongLong());
        QCOMPARE(static_cast<int>(ids.size()), kIssues);
        QCOMPARE(model.index(0, IssueListModel::TitleColumn).data().toString(), QStringLiteral("issue 350"));
    }

    void eventListPages()
    {
        STACKDECK_REQUIRE_CORPUS();
        IssueListModel issues;
        issues.setSession(m_session);
        issues.sort(IssueListModel::EventsColumn, Qt::DescendingOrder);
        EventListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session);
        model.setIssue(issues.issueAt(0));
        QCOMPARE(model.rowCount(), static_cast<int>(issues.rowAt(0).issue.eventCount));
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.rowAt(r - 1).timestamp >= model.rowAt(r).timestamp);
    }

    void frameModelTogglesAppOnlyAndOrder()
    {
        Stacktrace st;
        st.frames
            = {frame("lib_a", false, 1), frame("main", true, 10), frame("lib_b", false, 2), frame("handler", true, 20)};
        FrameModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto meta
            = nlohmann::ordered_json::parse(R"({"frames": {"3": {"vars": {"long": {"": {"len": 4096}}}}}})");
        // The rows in order, for each display: system frames between app frames fold into one row.
        auto rows = [&](StackDisplay display) {
            model.setStacktrace(&st, &meta, display);
            QStringList out;
            for (int r = 0; r < model.rowCount(); ++r)
                out << model.index(r, 0).data().toString();
            return out;
        };
        const QString hidden = QStringLiteral("1 system frame hidden");
        QCOMPARE(rows({true, true}), QStringList({QStringLiteral("handler"), hidden, QStringLiteral("main"), hidden}));
        QCOMPARE(model.shownFrames(), 2);
        QCOMPARE(model.hiddenFrames(), 2);
        QCOMPARE(rows({true, false}), QStringList({hidden, QStringLiteral("main"), hidden, QStringLiteral("handler")}));
        QCOMPARE(rows({false, true}),
            QStringList(
                {QStringLiteral("handler"), QStringLiteral("lib_b"), QStringLiteral("main"), QStringLiteral("lib_a")}));
        QCOMPARE(model.hiddenFrames(), 0);
        QCOMPARE(rows({false, false}),
            QStringList(
                {QStringLiteral("lib_a"), QStringLiteral("main"), QStringLiteral("lib_b"), QStringLiteral("handler")}));
        QCOMPARE(model.shownFrames(), 4);
        const QModelIndex handler = model.index(3, 0);
        QCOMPARE(handler.data().toString(), QStringLiteral("handler"));
        QCOMPARE(model.index(3, 1).data().toString(), QStringLiteral("app.py:20"));
        // pre (2) + context line + post (1) + variables
        QCOMPARE(model.rowCount(handler), 5);
        QCOMPARE(model.index(2, 0, handler).data().toString(), QStringLiteral("20"));
        QVERIFY(model.index(2, 0, handler).data(NodeTreeModel::FlagsRole).toUInt() & TreeNode::ErrorLine);
        QCOMPARE(model.index(0, 0, handler).data().toString(), QStringLiteral("18"));
        const QModelIndex vars = model.index(4, 0, handler);
        QCOMPARE(vars.data(NodeTreeModel::KindRole).toInt(), int(FrameModel::VarsKind));
        QCOMPARE(model.rowCount(vars), 3);
        const QModelIndex longVar = model.index(2, 1, vars);
        QVERIFY(longVar.data().toString().contains(QStringLiteral("trimmed, originally 4096")));
        const QModelIndex nested = model.index(1, 0, vars);
        QCOMPARE(model.index(0, 0, nested).data().toString(), QStringLiteral("list"));
        QCOMPARE(model.rowCount(model.index(0, 0, nested)), 3);
    }

    void breadcrumbFilters()
    {
        std::vector<Breadcrumb> crumbs(6);
        for (int i = 0; i < 6; ++i) {
            crumbs[i].timestamp = Micros(1'000'000) * i;
            crumbs[i].category = i % 2 ? "http" : "query";
            crumbs[i].level = static_cast<Level>(i % 5);
            crumbs[i].message = "crumb " + std::to_string(i);
        }
        BreadcrumbModel model;
        BreadcrumbFilterProxy filter;
        QSortFilterProxyModel text;
        filter.setSourceModel(&model);
        text.setSourceModel(&filter);
        text.setFilterKeyColumn(-1);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(&text, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBreadcrumbs(crumbs, Micros(5'000'000));
        QCOMPARE(text.rowCount(), 6);
        filter.setMinimumLevel(Level::Warning);
        QCOMPARE(filter.rowCount(), 3); // warning, error, fatal
        filter.setCategory(QStringLiteral("http"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setMinimumLevel(std::nullopt);
        QCOMPARE(filter.rowCount(), 3);
        text.setFilterFixedString(QStringLiteral("crumb 3"));
        QCOMPARE(text.rowCount(), 1);
        model.setRelativeTimes(true);
        QCOMPARE(text.index(0, BreadcrumbModel::TimeColumn).data().toString(), QStringLiteral("-2.000s"));
        QCOMPARE(model.categories(), QStringList({QStringLiteral("http"), QStringLiteral("query")}));
    }

    void jsonTreeLimitsDepthAndShowsMeta()
    {
        std::string deep;
        for (int i = 0; i < 200; ++i)
            deep += "[";
        for (int i = 0; i < 200; ++i)
            deep += "]";
        const auto parsed = parseJson(deep, 64);
        QVERIFY(!parsed.is_discarded());
        NodeTreeModel model({QStringLiteral("Key"), QStringLiteral("Value")});
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto root = std::make_unique<TreeNode>();
        const auto meta = nlohmann::ordered_json::parse(R"({"a": {"": {"rem": [["@password", "s"]]}}})");
        addJsonChildren(
            root.get(), nlohmann::ordered_json::parse(R"({"a": "[Filtered]", "b": [1, null, true]})"), &meta);
        model.setRoot(std::move(root));
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.index(0, 1).data().toString().contains(QStringLiteral("trimmed")));
        QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("[3 items]"));
        QCOMPARE(model.index(1, 0, model.index(1, 0)).data(Qt::DisplayRole).toString(), QStringLiteral("1"));
        QCOMPARE(model.index(1, 1, model.index(1, 0)).data().toString(), QStringLiteral("null"));
    }

    void timeAxisMapsBothWays_data()
    {
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        QTest::addColumn<qint64>("bucket");
        const qint64 h = TimeAxis::kHour;
        QTest::newRow("one hour -> hourly, 24h wide") << 10 * h + 5 << 10 * h + 50 << h;
        QTest::newRow("two days -> hourly") << 100 * h << 148 * h << h;
        QTest::newRow("ten days -> daily, 14d wide") << 0LL << 240 * h << 24 * h;
        QTest::newRow("negative epoch") << -50 * h << -2 * h << h;
    }
    void timeAxisMapsBothWays()
    {
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        QFETCH(qint64, bucket);
        QCOMPARE(TimeAxis::bucketFor(first, last), bucket);
        const TimeAxis axis = TimeAxis::covering(first, last, 10, 500);
        QVERIFY(axis.from <= first && axis.to > last);
        QCOMPARE(axis.from % bucket, 0);
        QCOMPARE(axis.to % bucket, 0);
        QVERIFY(axis.to - axis.from >= (bucket == TimeAxis::kHour ? 24 : 14 * 24) * TimeAxis::kHour);
        QCOMPARE(axis.toPixel(axis.from), 10.0);
        QCOMPARE(axis.toPixel(axis.to), 510.0);
        QVERIFY(std::llabs(axis.toTime(axis.toPixel(first)) - first) <= (axis.to - axis.from) / 500);
        QCOMPARE(axis.bucketAt(9, bucket), -1);
        QCOMPARE(axis.bucketAt(10, bucket), 0);
        QCOMPARE(axis.bucketAt(510, bucket), -1);
        const int buckets = static_cast<int>((axis.to - axis.from) / bucket);
        QCOMPARE(axis.bucketAt(509.999, bucket), buckets - 1);
    }

    void curlIsShellSafe_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << QStringLiteral("abc");
        QTest::newRow("single quote") << QStringLiteral("it's");
        QTest::newRow("command substitution") << QStringLiteral("$(rm -rf /) `id` ; | & > <");
        QTest::newRow("newline and backslash") << QStringLiteral("a\\nb\nc");
        QTest::newRow("unicode") << QStringLiteral("café ☃");
    }
    void curlIsShellSafe()
    {
        QFETCH(QString, value);
        // What the shell hands to the program must be the value itself.
        QProcess sh;
        sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf %s ") + shellQuote(value)});
        QVERIFY(sh.waitForFinished(10'000));
        QCOMPARE(QString::fromUtf8(sh.readAllStandardOutput()), value);

        Request r;
        r.method = "post";
        r.url = "https://api.example.com/x";
        r.query = {{"q", value.toStdString()}};
        r.headers = {{"X-Test", value.toStdString()}, {"Content-Length", "12"}};
        r.cookies = {{"session", "abc"}};
        r.data.text = nlohmann::ordered_json(value.toStdString()).dump();
        const QString cmd = curlCommand(r);
        QVERIFY(cmd.startsWith(QStringLiteral("curl -X 'POST' --url 'https://api.example.com/x?q=")));
        QVERIFY(cmd.contains(QStringLiteral("-H ") + shellQuote(QStringLiteral("X-Test: ") + value)));
        QVERIFY(!cmd.contains(QStringLiteral("Content-Length")));
        QVERIFY(cmd.contains(QStringLiteral("--cookie 'session=abc'")));
        QVERIFY(cmd.endsWith(QStringLiteral("--data-raw ") + shellQuote(value)));
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
