// ui/trace: the timeline widget offscreen (zoom, select, find, keyboard, error
// markers), its rows, and QAbstractItemModelTester on the span tree and
// comparison models.
#include "trace/comparisonmodel.h"
#include "trace/spantreemodel.h"
#include "trace/timelinewidget.h"
#include "trace/tracecompare.h"
#include "tracefixture.h"

#include <QAbstractItemModelTester>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestTraceTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void rowsCollapseAndReveal();
    void wheelZoomsAtThePointer();
    void dragZoomsToTheRange();
    void clickSelectsARow();
    void keyboard_data();
    void keyboard();
    void enterActivates();
    void findNextAndPrevious();
    void errorMarkerOpensTheEvent();
    void spanTreeModel();
    void comparisonModel();

private:
    std::shared_ptr<const trace::Trace> m_trace;
    std::unique_ptr<TimelineWidget> m_w;
};

void TestTraceTimeline::init()
{
    m_trace = std::make_shared<const trace::Trace>(test::syntheticTrace(3, 20));
    m_w = std::make_unique<TimelineWidget>();
    m_w->resize(1200, 700);
    m_w->setTrace(m_trace);
    m_w->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
}

void TestTraceTimeline::cleanup()
{
    m_w.reset();
}

void TestTraceTimeline::rowsCollapseAndReveal()
{
    const int all = static_cast<int>(m_trace->spans.size());
    QCOMPARE(m_w->rows().rowCount(), all);
    const int root = m_trace->root;
    m_w->setCollapsed(root, true);
    QCOMPARE(m_w->rows().rowCount(), 1);
    m_w->setSelectedSpan(all - 1); // reveals its ancestors
    QCOMPARE(m_w->rows().rowOf(all - 1) >= 0, true);
    QVERIFY(!m_w->rows().isCollapsed(root));
    QCOMPARE(m_w->rows().subtreeEnd(root), all);
}

void TestTraceTimeline::wheelZoomsAtThePointer()
{
    const TimeMapping before = m_w->mapping();
    const QPointF at(before.left + before.width / 4, m_w->headerHeight() + 30);
    const Micros anchor = before.toTime(at.x());
    QSignalSpy changed(m_w.get(), &TimelineWidget::viewChanged);
    QWheelEvent wheel(at, m_w->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(m_w->viewport(), &wheel);
    QCOMPARE(changed.count(), 1);
    const TimeMapping after = m_w->mapping();
    QVERIFY(after.window() < before.window());
    QVERIFY(std::abs(after.toTime(at.x()) - anchor) <= 2); // the instant under the pointer stays
    // The other way back out to the whole trace.
    QWheelEvent out(at, m_w->viewport()->mapToGlobal(at), QPoint(), QPoint(0, -2400), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(m_w->viewport(), &out);
    QCOMPARE(m_w->mapping().window(), before.window());
}

void TestTraceTimeline::dragZoomsToTheRange()
{
    const TimeMapping before = m_w->mapping();
    const int y = m_w->headerHeight() + 40;
    const QPoint from(static_cast<int>(before.left + 100), y);
    const QPoint to(static_cast<int>(before.left + 300), y);
    QTest::mousePress(m_w->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(m_w->viewport(), to);
    QTest::mouseRelease(m_w->viewport(), Qt::LeftButton, {}, to);
    const TimeMapping after = m_w->mapping();
    QVERIFY(std::abs(after.viewStart - before.toTime(from.x())) <= 1);
    QVERIFY(std::abs(after.viewEnd - before.toTime(to.x())) <= 1);
}

void TestTraceTimeline::clickSelectsARow()
{
    QSignalSpy selected(m_w.get(), &TimelineWidget::selectedSpanChanged);
    const QRect row = m_w->rowRect(3);
    QTest::mouseClick(m_w->viewport(), Qt::LeftButton, {}, QPoint(m_w->treeWidth() - 20, row.center().y()));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(m_w->selectedSpan(), m_w->rows().spanAt(3));
}

void TestTraceTimeline::keyboard_data()
{
    QTest::addColumn<QList<int>>("keys");
    QTest::addColumn<int>("expectedRow");
    QTest::addColumn<int>("rowCount"); // -1: all spans
    QTest::newRow("down twice") << QList<int> {Qt::Key_Down, Qt::Key_Down} << 2 << -1;
    QTest::newRow("down then up") << QList<int> {Qt::Key_Down, Qt::Key_Down, Qt::Key_Up} << 1 << -1;
    QTest::newRow("up at the top stays") << QList<int> {Qt::Key_Up} << 0 << -1;
    QTest::newRow("left collapses the root") << QList<int> {Qt::Key_Left} << 0 << 1;
    QTest::newRow("left then right expands again") << QList<int> {Qt::Key_Left, Qt::Key_Right} << 0 << -1;
    QTest::newRow("right on an expanded span goes to its first child") << QList<int> {Qt::Key_Right} << 1 << -1;
    QTest::newRow("left on a leaf goes to the parent")
        << QList<int> {Qt::Key_Right, Qt::Key_Right, Qt::Key_Right, Qt::Key_Right, Qt::Key_Left} << 3 << -1;
    QTest::newRow("left on an expanded span collapses it")
        << QList<int> {Qt::Key_Right, Qt::Key_Right, Qt::Key_Left} << 2 << 58;
    QTest::newRow("end goes to the last row") << QList<int> {Qt::Key_End} << 59 << -1;
}

void TestTraceTimeline::keyboard()
{
    QFETCH(QList<int>, keys);
    QFETCH(int, expectedRow);
    QFETCH(int, rowCount);
    QCOMPARE(m_w->rows().rowOf(m_w->selectedSpan()), 0); // the root is selected on load
    for (const int key : keys)
        QTest::keyClick(m_w.get(), static_cast<Qt::Key>(key));
    QCOMPARE(m_w->rows().rowOf(m_w->selectedSpan()), expectedRow);
    QCOMPARE(m_w->rows().rowCount(), rowCount < 0 ? static_cast<int>(m_trace->spans.size()) : rowCount);
}

void TestTraceTimeline::enterActivates()
{
    QSignalSpy activated(m_w.get(), &TimelineWidget::spanActivated);
    QTest::keyClick(m_w.get(), Qt::Key_Down);
    QTest::keyClick(m_w.get(), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), m_w->rows().spanAt(1));
}

void TestTraceTimeline::findNextAndPrevious()
{
    QSignalSpy found(m_w.get(), &TimelineWidget::findChanged);
    m_w->setFindText(QStringLiteral("TABLE_3 "));
    const int total = m_w->findCount();
    QVERIFY(total >= 3); // every service has "table_3 " spans
    QCOMPARE(m_w->findCurrent(), -1);
    m_w->setCollapsed(m_trace->root, true);
    m_w->findNext();
    const int first = m_w->selectedSpan();
    QVERIFY(m_w->rows().rowOf(first) >= 0); // revealed
    QVERIFY(QString::fromStdString(m_trace->spans[static_cast<std::size_t>(first)].description)
                .contains(QStringLiteral("table_3 ")));
    m_w->findNext();
    QVERIFY(m_w->selectedSpan() > first);
    m_w->findPrevious();
    QCOMPARE(m_w->selectedSpan(), first);
    m_w->findPrevious(); // wraps
    QCOMPARE(m_w->findCurrent(), total - 1);
    QCOMPARE(found.last().at(1).toInt(), total);
    m_w->setFindText(QStringLiteral("no such span"));
    QCOMPARE(m_w->findCount(), 0);
}

void TestTraceTimeline::errorMarkerOpensTheEvent()
{
    QVERIFY(!m_trace->errors.empty());
    QSignalSpy opened(m_w.get(), &TimelineWidget::errorActivated);
    const auto& error = m_trace->errors.front();
    QVERIFY(!error.onRoot);
    const QPointF at = m_w->errorMarkerPos(0);
    QVERIFY(!at.isNull());
    QTest::mouseClick(m_w->viewport(), Qt::LeftButton, {}, at.toPoint());
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), QString::fromStdString(error.eventId));
    QCOMPARE(m_w->selectedSpan(), error.span);
    // The error whose span was never recorded sits on the root.
    QVERIFY(m_trace->errors.back().onRoot);
    QCOMPARE(m_trace->errors.back().span, m_trace->root);
}

void TestTraceTimeline::spanTreeModel()
{
    SpanTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(m_trace);
    QCOMPARE(model.rowCount(), 1);
    const int last = static_cast<int>(m_trace->spans.size()) - 1;
    const QModelIndex index = model.indexOfSpan(last);
    QCOMPARE(model.spanOf(index), last);
    QCOMPARE(model.spanOf(model.parent(index)), m_trace->spans.back().parent);
    QVERIFY(model
                .data(model.index(0, SpanTreeModel::CriticalRole - SpanTreeModel::CriticalRole),
                    SpanTreeModel::CriticalRole)
                .toBool());
    model.setTrace(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestTraceTimeline::comparisonModel()
{
    const trace::Trace a = test::syntheticTrace(3, 20);
    const trace::Trace b = test::syntheticTrace(4, 18);
    ComparisonModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setComparison(trace::compareTraces(a, b));
    const auto& c = model.comparison();
    QVERIFY(c.matched > 0);
    QVERIFY(c.onlyInA > 0); // A's spans 18 and 19 of each service
    QVERIFY(c.onlyInB > 0); // B's fourth service
    int sideA = 0;
    int sideB = 0;
    std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        for (int r = 0; r < model.rowCount(parent); ++r) {
            const QModelIndex i = model.index(r, 0, parent);
            const QString side = i.data(ComparisonModel::SideRole).toString();
            sideA += side == QStringLiteral("A");
            sideB += side == QStringLiteral("B");
            if (side != QStringLiteral("both"))
                QVERIFY(i.data().toString().startsWith(QStringLiteral("[only in ")));
            walk(i);
        }
    };
    walk({});
    QCOMPARE(sideA, c.onlyInA);
    QCOMPARE(sideB, c.onlyInB);
}

QTEST_MAIN(TestTraceTimeline)
#include "tst_tracetimeline.moc"
