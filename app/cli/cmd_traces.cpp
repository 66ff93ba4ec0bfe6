#include "clicommon.h"
#include "store/tracequeries.h"
#include "store/tracerows.h"
#include "store/writerlock.h"

#include <QCoreApplication>

namespace stackdeck::cli {

namespace {

QString joined(const std::vector<std::string>& values)
{
    QStringList out;
    for (const std::string& v : values)
        out << QString::fromStdString(v);
    return out.join(QLatin1Char(','));
}

QString millis(std::int64_t micros)
{
    return QString::number(static_cast<double>(micros) / 1000.0, 'f', 1) + QStringLiteral("ms");
}

// Traces an import marked and did not assemble (it was stopped or killed, or
// the workspace is from before schema 9) are assembled before listing; when a
// rebuild holds the workspace they are listed as they are, marked pending.
void assemblePending(const QCommandLineParser& parser, store::Workspace& ws)
{
    if (store::countStaleTraces(ws.db()) == 0)
        return;
    const auto lock = store::WriterLock::acquire(workspacePath(parser), store::WriterLock::Kind::Shared,
        "assembling traces", [](const std::string&) { return false; });
    if (!lock) {
        printError(QStringLiteral("note: traces not assembled, the list shows them pending: %1")
                       .arg(QString::fromStdString(lock.error().message)));
        return;
    }
    // A big import leaves many: say how far the assembly is (stderr, so
    // --json output on stdout stays clean), one line per tenth.
    constexpr std::int64_t kReportAbove = 5000;
    int reportedTenths = 0;
    const auto report = [&](std::int64_t done, std::int64_t total) {
        if (total <= kReportAbove)
            return;
        const int tenths = static_cast<int>(done * 10 / total);
        if (tenths <= reportedTenths)
            return;
        reportedTenths = tenths;
        printError(QCoreApplication::translate("cli", "Assembling traces: %1 of %2…").arg(done).arg(total));
    };
    store::assembleAllStaleTraces(ws.db(), nullptr, 1000, report);
}

} // namespace

int runTraces(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List traces, newest first (one row per trace)."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("query"),
        QStringLiteral("trace:ID op:OP service:NAME project:NAME has:error duration:>500ms and words of the root "
                       "transaction's name."),
        QStringLiteral("Q")});
    parser.addOption({QStringLiteral("sort"), QStringLiteral("start (default) or duration."), QStringLiteral("KEY")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N traces (default 100)."), QStringLiteral("N")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    store::TraceListOptions options;
    options.limit = 100;
    const auto parsed = trace::parseTraceFilter(parser.value(QStringLiteral("query")).toStdString());
    if (!parsed.error.empty()) {
        printError(QStringLiteral("--query: %1").arg(QString::fromStdString(parsed.error)));
        return UsageError;
    }
    options.filter = parsed.filter;
    const QString sort = parser.value(QStringLiteral("sort"));
    if (sort == QLatin1String("duration"))
        options.sort = store::TraceSort::Duration;
    else if (!sort.isEmpty() && sort != QLatin1String("start")) {
        printError(QStringLiteral("--sort takes start or duration"));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        options.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || options.limit <= 0) {
            printError(QStringLiteral("--limit takes a positive number"));
            return UsageError;
        }
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    assemblePending(parser, *ws);
    const auto rows = store::listTraces(ws->db(), options);
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& t : rows) {
            out.push_back({{"trace_id", t.traceId}, {"root", t.rootName}, {"root_op", t.rootOp},
                {"root_event_id", t.rootEventId}, {"start", isoTime(t.start)}, {"duration_us", t.duration},
                {"spans", t.spanCount}, {"errors", t.errorCount}, {"events", t.eventCount}, {"services", t.services},
                {"projects", t.projects}, {"orphans", (t.flags & trace::HasOrphans) != 0},
                {"skew", (t.flags & trace::HasSkew) != 0}, {"pending", (t.flags & trace::Pending) != 0}});
        }
        printJson(out);
        return Success;
    }
    for (const auto& t : rows) {
        printLine(QStringLiteral("%1  %2  %3  %4 spans  %5 errors  %6  %7")
                      .arg(QString::fromStdString(t.traceId))
                      .arg(QString::fromStdString(isoTime(t.start)).left(19))
                      .arg(millis(t.duration), 10)
                      .arg(t.spanCount, 4)
                      .arg(t.errorCount, 3)
                      .arg(joined(t.services))
                      .arg(QString::fromStdString(t.rootName))
            + ((t.flags & trace::Pending) != 0 ? QStringLiteral("  [pending]") : QString()));
    }
    return Success;
}

} // namespace stackdeck::cli
