// The trace timeline's repaint (ui/trace/timelinewidget.h): a synthetic trace
// of 10,000 spans in 20 services painted whole at 1440x900, offscreen. Prints
// the first paint (which builds the minimap's density image), then the median
// and worst of repeated full repaints at several zooms and scroll positions.
// Bar: a full repaint <= 16 ms.
#include "../ui/tracefixture.h"
#include "trace/timelinewidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace stackdeck;

namespace {

double paintMs(ui::TimelineWidget& w, QImage& target)
{
    QElapsedTimer t;
    t.start();
    target.fill(Qt::white);
    w.viewport()->render(&target);
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(5, std::atoi(argv[1])) : 60;

    QElapsedTimer t;
    t.start();
    auto trace = std::make_shared<const trace::Trace>(test::syntheticTrace(20, 500));
    const double assembleMs = static_cast<double>(t.nsecsElapsed()) / 1e6;

    ui::TimelineWidget w;
    w.resize(1440, 900);
    t.restart();
    w.setTrace(trace);
    const double setMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    QImage target(w.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    const double firstMs = paintMs(w, target);

    std::vector<double> times;
    const auto& map = w.mapping();
    for (int i = 0; i < runs; ++i) {
        // Cycle through the whole trace, a zoom into its middle, a deep zoom,
        // and scroll positions from the top to the bottom of the rows.
        switch (i % 4) {
        case 0:
            w.resetZoom();
            break;
        case 1:
            w.zoomBy(8, map.left + map.width / 2);
            break;
        case 2:
            w.zoomBy(50, map.left + map.width / 3);
            break;
        default:
            w.setFindText(QStringLiteral("table_3 "));
            break;
        }
        w.verticalScrollBar()->setValue(w.verticalScrollBar()->maximum() * (i % 7) / 6);
        times.push_back(paintMs(w, target));
    }
    std::sort(times.begin(), times.end());
    std::printf("timeline: %zu spans, 20 services, %dx%d, %zu rows\n", trace->spans.size(), w.viewport()->width(),
        w.viewport()->height(), static_cast<std::size_t>(w.rows().rowCount()));
    std::printf("assembly %.1f ms, setTrace (labels, colours, critical path) %.1f ms\n", assembleMs, setMs);
    std::printf("first paint (builds the minimap) %.2f ms\n", firstMs);
    std::printf("full repaint over %d runs: median %.2f ms, p90 %.2f ms, max %.2f ms (bar 16 ms)\n", runs,
        times[times.size() / 2], times[times.size() * 9 / 10], times.back());
    return times.back() <= 16.0 ? 0 : 1;
}
