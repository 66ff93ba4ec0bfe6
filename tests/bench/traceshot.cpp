// Screenshots of the trace views, light and dark, from a workspace:
//   traceshot WORKSPACE OUTDIR TRACE_ID [COMPARE_WITH_TRACE_ID]
// writes OUTDIR/trace-waterfall-{light,dark}.png (the trace, its first error's
// span selected) and, given a second trace, trace-compare-{light,dark}.png.
#include "main/theme.h"
#include "trace/comparisonview.h"
#include "trace/timelinewidget.h"
#include "trace/traceview.h"

#include <QApplication>
#include <QEventLoop>
#include <QThreadPool>
#include <QTimer>

#include <cstdio>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

void settle()
{
    for (int i = 0; i < 5; ++i) {
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
    }
}

bool waitFor(auto* sender, auto signal)
{
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, [&loop] { loop.exit(1); });
    return loop.exec() == 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: traceshot WORKSPACE OUTDIR TRACE_ID [COMPARE_WITH]\n");
        return 2;
    }
    auto session = store::WorkspaceSession::open(argv[1], store::WorkspaceSession::Mode::ReadOnly);
    if (!session) {
        std::fprintf(stderr, "traceshot: %s\n", session.error().message.c_str());
        return 1;
    }
    const QString out = QString::fromLocal8Bit(argv[2]);
    const QString traceId = QString::fromLocal8Bit(argv[3]);
    for (const auto mode : {ThemeMode::Light, ThemeMode::Dark}) {
        applyTheme(mode);
        const QString suffix = mode == ThemeMode::Dark ? QStringLiteral("dark") : QStringLiteral("light");
        TraceView view;
        view.resize(1440, 900);
        view.setSession(*session);
        view.show();
        view.openTrace(traceId);
        if (!waitFor(&view, &TraceView::traceLoaded)) {
            std::fprintf(stderr, "traceshot: trace %s did not load\n", argv[3]);
            return 1;
        }
        const auto* t = view.timeline()->trace();
        if (!t->errors.empty())
            view.timeline()->setSelectedSpan(t->errors.front().span);
        settle();
        if (!view.grab().save(out + QStringLiteral("/trace-waterfall-") + suffix + QStringLiteral(".png"))) {
            std::fprintf(stderr, "traceshot: cannot write to %s\n", argv[2]);
            return 1;
        }
        if (argc > 4) {
            ComparisonView compare;
            compare.resize(1200, 700);
            compare.setSession(*session);
            compare.show();
            compare.compare(traceId, QString::fromLocal8Bit(argv[4]));
            if (!waitFor(&compare, &ComparisonView::compared)) {
                std::fprintf(stderr, "traceshot: the comparison did not load\n");
                return 1;
            }
            settle();
            if (!compare.grab().save(out + QStringLiteral("/trace-compare-") + suffix + QStringLiteral(".png"))) {
                std::fprintf(stderr, "traceshot: cannot write to %s\n", argv[2]);
                return 1;
            }
        }
    }
    std::printf("traceshot: wrote %s/trace-*.png\n", argv[2]);
    return 0;
}
