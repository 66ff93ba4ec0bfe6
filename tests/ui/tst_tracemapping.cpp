// ui/trace/timemapping.h: time <-> pixel, zoom, pan, ticks and labels.
#include "trace/timemapping.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestTraceMapping : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void toPixel_data();
    void toPixel();
    void zoomAt_data();
    void zoomAt();
    void zoomTo_data();
    void zoomTo();
    void pan_data();
    void pan();
    void tickStep_data();
    void tickStep();
    void ticksInsideWindow();
    void tickLabel_data();
    void tickLabel();
    void durationText_data();
    void durationText();
};

void TestTraceMapping::toPixel_data()
{
    QTest::addColumn<qlonglong>("t");
    QTest::addColumn<double>("x");
    QTest::newRow("start maps to left") << 1000LL << 100.0;
    QTest::newRow("end maps to right edge") << 2000LL << 1100.0;
    QTest::newRow("middle") << 1500LL << 600.0;
    QTest::newRow("before the window is left of it") << 900LL << 0.0;
}

void TestTraceMapping::toPixel()
{
    QFETCH(qlonglong, t);
    QFETCH(double, x);
    const auto m = TimeMapping::covering(1000, 2000, 100, 1000);
    QCOMPARE(m.toPixel(t), x);
    QCOMPARE(m.toTime(x), t);
}

void TestTraceMapping::zoomAt_data()
{
    QTest::addColumn<double>("anchor");
    QTest::addColumn<double>("factor");
    QTest::addColumn<qlonglong>("from");
    QTest::addColumn<qlonglong>("to");
    QTest::newRow("in at the left edge") << 0.0 << 2.0 << 0LL << 500LL;
    QTest::newRow("in at the middle keeps the middle") << 500.0 << 2.0 << 250LL << 750LL;
    QTest::newRow("in at the right edge") << 1000.0 << 4.0 << 750LL << 1000LL;
    QTest::newRow("out beyond the trace is the trace") << 500.0 << 0.25 << 0LL << 1000LL;
    QTest::newRow("in past the minimum window stops at it") << 500.0 << 1e9 << 495LL << 505LL;
    QTest::newRow("a zero factor changes nothing") << 500.0 << 0.0 << 0LL << 1000LL;
}

void TestTraceMapping::zoomAt()
{
    QFETCH(double, anchor);
    QFETCH(double, factor);
    QFETCH(qlonglong, from);
    QFETCH(qlonglong, to);
    const auto m = TimeMapping::covering(0, 1000, 0, 1000).zoomedAt(anchor, factor);
    QCOMPARE(m.viewStart, from);
    QCOMPARE(m.viewEnd, to);
}

void TestTraceMapping::zoomTo_data()
{
    QTest::addColumn<qlonglong>("a");
    QTest::addColumn<qlonglong>("b");
    QTest::addColumn<qlonglong>("from");
    QTest::addColumn<qlonglong>("to");
    QTest::newRow("ordered") << 200LL << 400LL << 200LL << 400LL;
    QTest::newRow("reversed drag") << 400LL << 200LL << 200LL << 400LL;
    QTest::newRow("past the end is clamped") << 900LL << 1500LL << 400LL << 1000LL;
    QTest::newRow("before the start is clamped") << -300LL << 100LL << 0LL << 400LL;
    QTest::newRow("narrower than the minimum widens around its middle") << 500LL << 502LL << 496LL << 506LL;
}

void TestTraceMapping::zoomTo()
{
    QFETCH(qlonglong, a);
    QFETCH(qlonglong, b);
    QFETCH(qlonglong, from);
    QFETCH(qlonglong, to);
    const auto m = TimeMapping::covering(0, 1000, 0, 500).zoomedTo(a, b);
    QCOMPARE(m.viewStart, from);
    QCOMPARE(m.viewEnd, to);
}

void TestTraceMapping::pan_data()
{
    QTest::addColumn<double>("dx");
    QTest::addColumn<qlonglong>("from");
    QTest::newRow("later") << 100.0 << 300LL;
    QTest::newRow("earlier") << -100.0 << 100LL;
    QTest::newRow("past the start stops at it") << -1000.0 << 0LL;
    QTest::newRow("past the end stops at it") << 5000.0 << 500LL;
}

void TestTraceMapping::pan()
{
    QFETCH(double, dx);
    QFETCH(qlonglong, from);
    // Window [200, 700) of [0, 1000) over 500 px: 1 px = 1 µs.
    const auto m = TimeMapping::covering(0, 1000, 0, 500).zoomedTo(200, 700).pannedBy(dx);
    QCOMPARE(m.viewStart, from);
    QCOMPARE(m.window(), 500LL);
}

void TestTraceMapping::tickStep_data()
{
    QTest::addColumn<qlonglong>("window");
    QTest::addColumn<double>("width");
    QTest::addColumn<qlonglong>("step");
    QTest::newRow("one second over 1000 px, 90 px apart: 100 ms") << 1'000'000LL << 1000.0 << 100'000LL;
    QTest::newRow("zoomed to 1 ms: 100 µs") << 1'000LL << 1000.0 << 100LL;
    QTest::newRow("2 s over 900 px: 200 ms") << 2'000'000LL << 900.0 << 200'000LL;
    QTest::newRow("10 µs: 1 µs") << 10LL << 1000.0 << 1LL;
    QTest::newRow("7 s over 1000 px: 1 s") << 7'000'000LL << 1000.0 << 1'000'000LL;
    QTest::newRow("narrow widget: 50 ms over 100 px") << 50'000LL << 100.0 << 50'000LL;
}

void TestTraceMapping::tickStep()
{
    QFETCH(qlonglong, window);
    QFETCH(double, width);
    QFETCH(qlonglong, step);
    const auto m = TimeMapping::covering(0, window, 0, width);
    QCOMPARE(m.tickStep(90), step);
}

void TestTraceMapping::ticksInsideWindow()
{
    const auto m = TimeMapping::covering(1000, 1'001'000, 0, 1000).zoomedTo(251'000, 751'000);
    const auto ticks = m.ticks(90);
    QVERIFY(!ticks.empty());
    const Micros step = m.tickStep(90);
    for (const Micros t : ticks) {
        QVERIFY(t >= m.viewStart && t <= m.viewEnd);
        QCOMPARE((t - m.traceStart) % step, 0LL);
    }
}

void TestTraceMapping::tickLabel_data()
{
    QTest::addColumn<qlonglong>("offset");
    QTest::addColumn<qlonglong>("step");
    QTest::addColumn<QString>("label");
    QTest::newRow("zero") << 0LL << 100LL << QStringLiteral("0");
    QTest::newRow("microseconds") << 250LL << 50LL << QStringLiteral("250µs");
    QTest::newRow("whole milliseconds") << 200'000LL << 100'000LL << QStringLiteral("200ms");
    QTest::newRow("fractional milliseconds") << 1'500LL << 500LL << QStringLiteral("1.5ms");
    QTest::newRow("seconds") << 2'000'000LL << 1'000'000LL << QStringLiteral("2s");
    QTest::newRow("tenths of seconds") << 1'200'000LL << 200'000LL << QStringLiteral("1.2s");
    QTest::newRow("minutes") << 90'000'000LL << 10'000'000LL << QStringLiteral("1m 30s");
}

void TestTraceMapping::tickLabel()
{
    QFETCH(qlonglong, offset);
    QFETCH(qlonglong, step);
    QFETCH(QString, label);
    QCOMPARE(ui::tickLabel(offset, step), label);
}

void TestTraceMapping::durationText_data()
{
    QTest::addColumn<qlonglong>("d");
    QTest::addColumn<QString>("text");
    QTest::newRow("µs") << 850LL << QStringLiteral("850µs");
    QTest::newRow("ms with two decimals") << 12'345LL << QStringLiteral("12.35ms");
    QTest::newRow("ms with one decimal") << 250'000LL << QStringLiteral("250.0ms");
    QTest::newRow("seconds") << 1'240'000LL << QStringLiteral("1.24s");
    QTest::newRow("minutes") << 125'000'000LL << QStringLiteral("2m 05s");
    QTest::newRow("negative") << -1'500LL << QStringLiteral("-1.50ms");
}

void TestTraceMapping::durationText()
{
    QFETCH(qlonglong, d);
    QFETCH(QString, text);
    QCOMPARE(ui::durationText(d), text);
}

QTEST_GUILESS_MAIN(TestTraceMapping)
#include "tst_tracemapping.moc"
