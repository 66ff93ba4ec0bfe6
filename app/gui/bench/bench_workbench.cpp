// Prints the workbench's figures against the bars of issue #3:
//   bench_workbench --generate FILE [--events N]   build a synthetic workspace
//   bench_workbench --db FILE                       measure on it (offscreen)
#include "common/timeformat.h"
#include "event/eventview.h"
#include "event/loadedevent.h"
#include "generate.h"
#include "heavyevent.h"
#include "import/importbackend.h"
#include "itemmodels/issuelistmodel.h"
#include "query/issuequery.h"
#include "store/eventqueries.h"
#include "store/summaryqueries.h"
#include "store/workspace.h"
#include "store/workspacesession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace stackdeck;

namespace {
double ms(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

long rssKb(const char* key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(static_cast<qsizetype>(std::strlen(key))).trimmed().split(' ').front().toLong();
    }
    return -1;
}

int measureList(const QString& path)
{
    QElapsedTimer t;
    t.start();
    auto ws = store::WorkspaceSession::open(path.toStdString());
    if (!ws) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(path));
        return 1;
    }
    const double openMs = ms(t);
    std::int64_t events = 0, issues = 0;
    {
        auto reader = (*ws)->reader();
        if (!reader) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
            return 1;
        }
        events = store::countEvents(reader->db());
        issues = store::totalIssueCount(reader->db());
    }
    std::printf("workspace: %s, %lld events, %lld issues\n", qPrintable(path), static_cast<long long>(events),
        static_cast<long long>(issues));

    ui::IssueListModel model;
    QTableView view;
    view.resize(900, 700);
    view.setModel(&model);
    view.verticalHeader()->setDefaultSectionSize(40);
    view.show();
    t.restart();
    model.setSession(*ws);
    QCoreApplication::processEvents();
    std::printf("open database: %.1f ms; first page of the issue list (100 rows + sparklines + paint; the count runs "
                "on a worker): %.1f ms "
                "(bar 300)\n",
        openMs, ms(t));

    const char* queries[] = {"is:unresolved", "level:fatal", "is:unresolved level:error", "timeout", "ValueError",
        "database connection", "zzzznotfound", "is:ignored"};
    double worst = 0;
    for (const char* q : queries) {
        t.restart();
        const auto compiled = query::compileIssueQuery(q, ui::nowMicros());
        model.setFilter(compiled.filter, compiled.countFilter);
        QCoreApplication::processEvents();
        const double took = ms(t);
        worst = std::max(worst, took);
        model.waitForCount(); // the matches, counted on a worker after the first page
        std::printf("  search %-28s %6lld matches, first page in %6.1f ms%s\n", (std::string("'") + q + "'").c_str(),
            static_cast<long long>(model.totalCount()), took, compiled.error ? " (query error)" : "");
    }
    std::printf("slowest search, first page: %.1f ms (bar 100)\n", worst);

    model.setFilter({}, {});
    // Every call into the GUI thread is timed: fetchMore with the scroll, and
    // each turn of the event loop while the worker reads (rows land in one).
    double maxStep = 0, total = 0;
    auto step = [&](auto&& work) {
        t.restart();
        work();
        const double took = ms(t);
        maxStep = std::max(maxStep, took);
        total += took;
    };
    while (model.canFetchMore({}) || model.isFetching()) {
        step([&] {
            model.fetchMore({});
            view.scrollToBottom();
            QCoreApplication::processEvents();
        });
        while (model.isFetching()) {
            QThread::yieldCurrentThread(); // an idle GUI thread waits here
            step([&] { QCoreApplication::processEvents(); });
        }
    }
    std::printf("scroll to the end: %d rows, %.0f ms of GUI-thread work in all, longest GUI-thread step %.1f ms "
                "(bar 50)\n",
        model.rowCount(), total, maxStep);
    std::printf("RSS now %ld MB, peak %ld MB (bar 300)\n", rssKb("VmRSS:") / 1024, rssKb("VmHWM:") / 1024);
    return 0;
}

int measureHeavyEvent()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("heavy.json"));
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return 1;
    const std::string json = bench::heavyEventJson();
    f.write(json.data(), static_cast<qint64>(json.size()));
    f.close();
    const QString ws = dir.filePath(QStringLiteral("heavy.stackdeck"));
    const auto outcome = ui::importFiles(ws, {file}, QString(), nullptr, {}, {});
    if (outcome.events != 1) {
        std::fprintf(stderr, "heavy event not imported\n");
        return 1;
    }
    auto opened = store::WorkspaceSession::open(ws.toStdString(), store::WorkspaceSession::Mode::ReadOnly);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return 1;
    }
    store::WorkspaceSession& session = **opened;
    const auto row = store::eventByEventId(session.reader()->db(), "feedfacefeedfacefeedfacefeedface");
    std::printf("heavy event: %.1f MB JSON, 100 frames x 50 vars, 500 breadcrumbs, 1 MB body\n",
        static_cast<double>(json.size()) / (1024.0 * 1024.0));
    ui::EventView view;
    view.resize(900, 700);
    view.show();
    QCoreApplication::processEvents();
    for (const char* pane : {"exception", "breadcrumbs", "request", "json"}) {
        view.selectPane(QString::fromLatin1(pane)); // the pane the user has open, before the event comes
        QCoreApplication::processEvents();
        QElapsedTimer t;
        t.start();
        auto loaded = ui::loadEvent(session, row->issue, row->row, ui::EventStep::Exact);
        const double loadMs = ms(t);
        view.setEvent(loaded);
        QCoreApplication::processEvents();
        std::printf("  open on the %-12s pane: %6.1f ms (read + decode %.1f ms) (bar 200)\n", pane, ms(t), loadMs);
    }
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("generate"), QStringLiteral("Build a synthetic workspace"), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("events"), QStringLiteral("Events to generate"), QStringLiteral("N"),
        QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("db"), QStringLiteral("Workspace to measure"), QStringLiteral("FILE")});
    parser.addHelpOption();
    parser.process(app);
    if (parser.isSet(QStringLiteral("generate")))
        return bench::generateWorkspace(
                   parser.value(QStringLiteral("generate")), parser.value(QStringLiteral("events")).toLongLong())
            ? 0
            : 1;
    int rc = 0;
    if (parser.isSet(QStringLiteral("db")))
        rc = measureList(parser.value(QStringLiteral("db")));
    return rc | measureHeavyEvent();
}
