// ui/trace: the trace list model over the SDK corpus (pages on a worker,
// search, sort) under QAbstractItemModelTester, and the traces page opening a
// trace and comparing two.
#include "store/tracequeries.h"
#include "store/tracerows.h"
#include "trace/comparisonmodel.h"
#include "trace/comparisonview.h"
#include "trace/timelinewidget.h"
#include "trace/tracelistmodel.h"
#include "trace/tracespage.h"
#include "trace/traceview.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestTraceList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listsEveryTrace();
    void search_data();
    void search();
    void badQueryKeepsTheRows();
    void sortByDuration();
    void pageOpensAndCompares();

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<store::WorkspaceSession> m_session;
    std::int64_t m_total = 0;
};

void TestTraceList::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    STACKDECK_REQUIRE_CORPUS();
    m_path = m_dir.filePath(QStringLiteral("traces.stackdeck"));
    const auto outcome = test::buildCorpusWorkspace(m_path);
    QVERIFY(outcome.fatalError.isEmpty());
    QVERIFY(outcome.events > 100);
    m_session = test::openSession(m_path);
    QVERIFY(m_session);
    auto reader = m_session->reader();
    QVERIFY(reader.ok());
    // The import only marked its traces: the model assembles them, on its
    // worker, before its first page.
    const std::int64_t marked = store::countStaleTraces(reader->db());
    QVERIFY(marked >= 40);
    QCOMPARE(store::countTraces(reader->db()), 0);
    {
        TraceListModel model;
        QSignalSpy loaded(&model, &TraceListModel::loaded);
        model.setSession(m_session);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(model.rowCount(), static_cast<int>(std::min<std::int64_t>(marked, TraceListModel::kPageSize)));
    }
    QCOMPARE(store::countStaleTraces(reader->db()), 0);
    m_total = store::countTraces(reader->db());
    QCOMPARE(m_total, marked);
}

void TestTraceList::listsEveryTrace()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &TraceListModel::loaded);
    model.setSession(m_session);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(model.rowCount(), static_cast<int>(std::min<std::int64_t>(m_total, TraceListModel::kPageSize)));
    for (int r = 1; r < model.rowCount(); ++r) // newest first
        QVERIFY(model.rowAt(r - 1).start >= model.rowAt(r).start);
    QVERIFY(!model.index(0, TraceListModel::RootColumn).data().toString().isEmpty());
    QCOMPARE(model.index(0, 0).data(TraceListModel::TraceIdRole).toString().size(), 32);
}

void TestTraceList::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("has:error") << QStringLiteral("has:error");
    QTest::newRow("!has:error") << QStringLiteral("!has:error");
    QTest::newRow("duration:>100ms") << QStringLiteral("duration:>100ms");
    QTest::newRow("op:http.server") << QStringLiteral("op:http.server");
}

void TestTraceList::search()
{
    QFETCH(QString, query);
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(m_session);
    QSignalSpy loaded(&model, &TraceListModel::loaded);
    QVERIFY(model.setQuery(query));
    QVERIFY(loaded.wait(5000));
    QTRY_VERIFY(!model.isLoading()); // the session's first page was superseded by the query's
    const auto filter = trace::parseTraceFilter(query.toStdString()).filter;
    auto reader = m_session->reader();
    store::TraceListOptions options;
    options.filter = filter;
    options.limit = 1000;
    const auto expected = store::listTraces(reader->db(), options);
    QCOMPARE(model.rowCount(), static_cast<int>(expected.size()));
    QVERIFY(model.rowCount() > 0);
    for (int r = 0; r < model.rowCount(); ++r) {
        if (filter.hasError)
            QCOMPARE(model.rowAt(r).errorCount > 0, *filter.hasError);
        if (filter.minDuration)
            QVERIFY(model.rowAt(r).duration >= *filter.minDuration);
    }
}

void TestTraceList::badQueryKeepsTheRows()
{
    TraceListModel model;
    QSignalSpy loaded(&model, &TraceListModel::loaded);
    model.setSession(m_session);
    QVERIFY(loaded.wait(5000));
    const int rows = model.rowCount();
    QString error;
    QVERIFY(!model.setQuery(QStringLiteral("duration:>fast"), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(model.rowCount(), rows);
}

void TestTraceList::sortByDuration()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &TraceListModel::loaded);
    model.setSession(m_session);
    QVERIFY(loaded.wait(5000));
    model.sort(TraceListModel::DurationColumn, Qt::DescendingOrder);
    QVERIFY(loaded.wait(5000));
    QVERIFY(model.rowCount() > 1);
    for (int r = 1; r < model.rowCount(); ++r)
        QVERIFY(model.rowAt(r - 1).duration >= model.rowAt(r).duration);
}

void TestTraceList::pageOpensAndCompares()
{
    TracesPage page;
    page.resize(1400, 800);
    page.show();
    QSignalSpy loaded(page.listModel(), &TraceListModel::loaded);
    page.setSession(m_session);
    QVERIFY(loaded.wait(5000));
    QSignalSpy opened(page.traceView(), &TraceView::traceLoaded);
    page.list()->setCurrentIndex(page.listModel()->index(0, 0));
    QVERIFY(opened.wait(5000));
    QCOMPARE(opened.at(0).at(0).toString(), page.listModel()->index(0, 0).data(TraceListModel::TraceIdRole).toString());
    QVERIFY(page.traceView()->timeline()->trace());
    QVERIFY(page.traceView()->timeline()->selectedSpan() >= 0);

    QSignalSpy compared(page.comparisonView(), &ComparisonView::compared);
    page.list()->selectionModel()->select(
        page.listModel()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(page.list()->selectionModel()->selectedRows().size(), 2);
    page.compareSelected();
    QVERIFY(compared.wait(5000));
    QVERIFY(page.comparisonView()->model()->rowCount() > 0);
}

QTEST_MAIN(TestTraceList)
#include "tst_tracelist.moc"
