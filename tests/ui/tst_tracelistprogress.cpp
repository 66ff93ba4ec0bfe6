// ui/trace: the trace list while an import's marked traces are assembled
// (issue #18): with a small chunk the model shows rows after the first chunk,
// long before the last one, reports increasing progress that ends at the
// number of marked traces, and the traces page shows "Assembling traces: N of
// M…" meanwhile, keeping the user's selection through the refreshed pages.
// Set STACKDECK_TRACELIST_SHOT=FILE.png to save the page as it looks at its
// first progress report (the state is too short to catch in the app), and
// STACKDECK_TRACELIST_DB=WORKSPACE to time the first rows and the final page
// on a big workspace with marked traces (assembled by the run; default chunk
// and refresh interval), e.g. one kept by `stackdeck-cli bench import --keep`.
#include "store/sessionaccess.h"
#include "store/tracequeries.h"
#include "store/tracerows.h"
#include "trace/tracelistmodel.h"
#include "trace/tracespage.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

// What the list looked like at one progress report.
struct Report {
    qint64 done = 0;
    qint64 total = 0;
    int rows = 0;
    int pendingRows = 0;
};

int pendingRows(const TraceListModel& model)
{
    int n = 0;
    for (int r = 0; r < model.rowCount(); ++r)
        n += (model.rowAt(r).flags & trace::Pending) != 0 ? 1 : 0;
    return n;
}

constexpr int kChunk = 4;

} // namespace

class TestTraceListProgress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rowsBeforeAssemblyEnds_data();
    void rowsBeforeAssemblyEnds();
    void pageShowsProgressAndKeepsSelection();
    void searchWhileAssembling();
    void unmarkedWorkspaceReportsNothing();
    void timeFirstRows();

private:
    // Marks every trace again, as an import touching them all would.
    void markAll();
    std::int64_t staleCount();

    QTemporaryDir m_dir;
    std::shared_ptr<store::WorkspaceSession> m_session;
    std::int64_t m_marked = 0;
};

void TestTraceListProgress::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    STACKDECK_REQUIRE_CORPUS();
    const QString path = m_dir.filePath(QStringLiteral("progress.stackdeck"));
    const auto outcome = test::buildCorpusWorkspace(path);
    QVERIFY(outcome.fatalError.isEmpty());
    m_session = test::openSession(path);
    QVERIFY(m_session);
    m_marked = staleCount();
    // Enough for several chunks of kChunk.
    QVERIFY2(m_marked >= 5 * kChunk, qPrintable(QString::number(m_marked)));
}

std::int64_t TestTraceListProgress::staleCount()
{
    auto reader = m_session->reader();
    return reader ? store::countStaleTraces(reader->db()) : -1;
}

void TestTraceListProgress::markAll()
{
    const auto ok = store::writeWithSession(m_session, "test", [](sql::Database& db) -> Result<bool> {
        store::TraceListOptions all;
        all.limit = 1'000'000;
        std::set<std::string> ids;
        for (const auto& t : store::listTraces(db, all))
            ids.insert(t.traceId);
        sql::Transaction tx(db);
        store::markTracesStale(db, ids);
        tx.commit();
        return true;
    });
    QVERIFY(ok);
    QCOMPARE(staleCount(), m_marked);
}

void TestTraceListProgress::rowsBeforeAssemblyEnds_data()
{
    QTest::addColumn<bool>("remark"); // false: the import's marks, no trace has a row yet
    QTest::addColumn<int>("refreshMs"); // 0: the first page after every chunk
    QTest::newRow("import, every chunk") << false << 0;
    QTest::newRow("re-marked, every chunk") << true << 0;
    QTest::newRow("re-marked, throttled") << true << 60'000;
}

void TestTraceListProgress::rowsBeforeAssemblyEnds()
{
    QFETCH(bool, remark);
    QFETCH(int, refreshMs);
    if (remark)
        markAll();
    QCOMPARE(staleCount(), m_marked);

    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAssemblyChunk(kChunk);
    model.setRefreshInterval(refreshMs);
    std::vector<Report> reports;
    int resets = 0;
    connect(&model, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
    connect(&model, &TraceListModel::assemblyProgress, this, [&](qint64 done, qint64 total) {
        QVERIFY(model.isAssembling());
        QVERIFY(model.isLoading());
        reports.push_back({done, total, model.rowCount(), pendingRows(model)});
    });
    QSignalSpy loaded(&model, &TraceListModel::loaded);
    model.setSession(m_session);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(loaded.size(), 1);
    QVERIFY(!model.isAssembling());
    QVERIFY(!model.isLoading());

    // A report per chunk (the last one is short, or empty when the marks
    // divide evenly), each with more done, ending at every marked trace.
    QVERIFY(reports.size() >= static_cast<std::size_t>(m_marked / kChunk));
    for (std::size_t i = 0; i < reports.size(); ++i) {
        QCOMPARE(reports[i].total, m_marked);
        if (i > 0)
            QVERIFY(reports[i].done > reports[i - 1].done || reports[i].done == m_marked);
    }
    QCOMPARE(reports.front().done, qint64(kChunk));
    QCOMPARE(reports.back().done, m_marked);

    // The first page came after the first chunk: rows while most traces were
    // still marked. Only assembled traces have rows after an import; traces
    // marked again keep theirs, flagged pending until assembled.
    QVERIFY(reports.front().rows > 0);
    QVERIFY(reports.front().done < reports.front().total);
    if (remark) {
        QCOMPARE(reports.front().rows, static_cast<int>(std::min<std::int64_t>(m_marked, TraceListModel::kPageSize)));
        QVERIFY(reports.front().pendingRows > 0);
    } else {
        QCOMPARE(reports.front().rows, kChunk);
        QCOMPARE(reports.front().pendingRows, 0);
    }
    // Every chunk refreshed the page, or (throttled) only the first and the final one.
    if (refreshMs == 0)
        QVERIFY(resets >= static_cast<int>(m_marked / kChunk));
    else
        QCOMPARE(resets, 2);
    QCOMPARE(model.rowCount(), static_cast<int>(std::min<std::int64_t>(m_marked, TraceListModel::kPageSize)));
    QCOMPARE(pendingRows(model), 0);
    QCOMPARE(staleCount(), 0);
}

void TestTraceListProgress::pageShowsProgressAndKeepsSelection()
{
    markAll();
    TracesPage page;
    page.resize(1200, 500); // fewer rows than the corpus has traces: the list scrolls
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* model = page.listModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setAssemblyChunk(kChunk);
    model->setRefreshInterval(0);
    QStringList texts;
    QString picked;
    connect(model, &TraceListModel::assemblyProgress, this, [&](qint64 done, qint64 total) {
        QVERIFY(page.assemblyStatus()->isVisible());
        texts << page.assemblyStatus()->text();
        QCOMPARE(page.assemblyStatus()->text(), QStringLiteral("Assembling traces: %1 of %2…").arg(done).arg(total));
        if (!picked.isEmpty() || model->rowCount() < 3)
            return;
        const QString shot = qEnvironmentVariable("STACKDECK_TRACELIST_SHOT");
        if (!shot.isEmpty())
            QVERIFY(page.grab().save(shot));
        // The user picks a trace while the rest are assembled.
        const QModelIndex index = model->index(2, 0);
        picked = index.data(TraceListModel::TraceIdRole).toString();
        page.list()->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        // ... and scrolls down a little.
        QTRY_VERIFY(page.list()->verticalScrollBar()->maximum() >= 5);
        page.list()->verticalScrollBar()->setValue(5);
    });
    QSignalSpy loaded(model, &TraceListModel::loaded);
    page.setSession(m_session);
    QVERIFY(loaded.wait(10000));
    QVERIFY(texts.size() >= 2);
    QCOMPARE(texts.back(), QStringLiteral("Assembling traces: %1 of %1…").arg(m_marked));
    QVERIFY(!page.assemblyStatus()->isVisible());
    QVERIFY(!picked.isEmpty());

    // Refreshed pages kept the pick: still selected and current, still open.
    const QModelIndex current = page.list()->selectionModel()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(page.list()->verticalScrollBar()->value(), 5);
    if (m_marked <= TraceListModel::kPageSize) {
        QCOMPARE(current.data(TraceListModel::TraceIdRole).toString(), picked);
        const auto selected = page.list()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.front().data(TraceListModel::TraceIdRole).toString(), picked);
    }
    QCOMPARE(staleCount(), 0);
}

void TestTraceListProgress::searchWhileAssembling()
{
    markAll();
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAssemblyChunk(kChunk);
    model.setRefreshInterval(0);
    std::vector<Report> reports;
    bool searched = false;
    connect(&model, &TraceListModel::assemblyProgress, this, [&](qint64 done, qint64 total) {
        reports.push_back({done, total, model.rowCount(), pendingRows(model)});
        if (!searched) {
            searched = true;
            // Supersedes the session's reload: its worker stops after its
            // chunk, the search's goes on with the marks left.
            QVERIFY(model.setQuery(QStringLiteral("has:error")));
        }
    });
    QSignalSpy loaded(&model, &TraceListModel::loaded);
    model.setSession(m_session);
    QVERIFY(loaded.wait(10000));
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(loaded.size(), 1);
    QVERIFY(searched);
    QVERIFY(reports.size() >= 2);
    QCOMPARE(reports.front().total, m_marked);
    QVERIFY(reports[1].total < m_marked); // counted again by the search's reload
    QCOMPARE(reports.back().done, reports.back().total);
    QVERIFY(model.rowCount() > 0);
    for (int r = 0; r < model.rowCount(); ++r)
        QVERIFY(model.rowAt(r).errorCount > 0);
    QCOMPARE(pendingRows(model), 0);
    QCOMPARE(staleCount(), 0);
}

void TestTraceListProgress::unmarkedWorkspaceReportsNothing()
{
    QCOMPARE(staleCount(), 0);
    TracesPage page;
    page.show();
    QSignalSpy progress(page.listModel(), &TraceListModel::assemblyProgress);
    QSignalSpy loaded(page.listModel(), &TraceListModel::loaded);
    page.setSession(m_session);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(progress.size(), 0);
    QVERIFY(!page.assemblyStatus()->isVisible());
    QVERIFY(page.listModel()->rowCount() > 0);
}

void TestTraceListProgress::timeFirstRows()
{
    // This suite's workspace, all marked again, a chunk of kChunk; or the
    // workspace STACKDECK_TRACELIST_DB names, with the app's chunk and interval.
    const QString path = qEnvironmentVariable("STACKDECK_TRACELIST_DB");
    std::shared_ptr<store::WorkspaceSession> session = m_session;
    if (path.isEmpty())
        markAll();
    else
        session = test::openSession(path);
    QVERIFY(session);
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    if (path.isEmpty()) {
        model.setAssemblyChunk(kChunk);
        model.setRefreshInterval(0);
    }
    QElapsedTimer clock;
    qint64 firstRows = -1;
    qint64 reports = 0;
    qint64 total = 0;
    bool rowsWhileAssembling = false;
    connect(&model, &QAbstractItemModel::modelReset, this, [&] {
        if (firstRows < 0 && model.rowCount() > 0)
            firstRows = clock.elapsed();
    });
    connect(&model, &TraceListModel::assemblyProgress, this, [&](qint64 done, qint64 t) {
        ++reports;
        total = t;
        rowsWhileAssembling = rowsWhileAssembling || (done < t && model.rowCount() > 0);
    });
    QSignalSpy loaded(&model, &TraceListModel::loaded);
    clock.start();
    model.setSession(session);
    QVERIFY(loaded.wait(600'000));
    qInfo("%lld marked traces: first rows after %lld ms, final page after %lld ms, %lld progress reports",
        static_cast<long long>(total), static_cast<long long>(firstRows), static_cast<long long>(clock.elapsed()),
        static_cast<long long>(reports));
    QVERIFY(firstRows >= 0);
    QVERIFY(total > 0);
    QVERIFY(rowsWhileAssembling);
}

QTEST_MAIN(TestTraceListProgress)
#include "tst_tracelistprogress.moc"
