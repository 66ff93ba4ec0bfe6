#include "clicommon.h"
#include "store/tracerows.h"
#include "trace/tracecompare.h"

namespace stackdeck::cli {

namespace {

nlohmann::json spanJson(const trace::Trace& t, const trace::TraceSpan& s)
{
    const trace::TraceSpan& root = t.spans[static_cast<std::size_t>(t.root)];
    nlohmann::json markers = nlohmann::json::array();
    if (s.has(trace::SyntheticRoot))
        markers.push_back("synthetic_root");
    if (s.has(trace::Orphan))
        markers.push_back("orphan");
    if (s.has(trace::Skewed))
        markers.push_back("skew_adjusted");
    if (s.has(trace::NoTimes))
        markers.push_back("no_times");
    const nlohmann::json parent
        = s.parent >= 0 ? nlohmann::json(t.spans[static_cast<std::size_t>(s.parent)].spanId) : nlohmann::json(nullptr);
    return {{"span_id", s.spanId}, {"parent_span_id", parent}, {"recorded_parent_span_id", s.parentSpanId},
        {"depth", s.depth}, {"op", s.op}, {"description", s.description}, {"status", s.status}, {"service", s.service},
        {"project", s.project}, {"event_id", s.eventId}, {"start_offset_us", s.start - root.start},
        {"duration_us", s.duration()}, {"adjusted_start_offset_us", s.adjustedStart - root.adjustedStart},
        {"adjusted_duration_us", s.adjustedDuration()}, {"self_time_us", s.selfTime}, {"critical", s.critical},
        {"critical_time_us", s.criticalTime}, {"errors", s.errorEventIds}, {"markers", markers}};
}

nlohmann::json traceJson(const trace::Trace& t)
{
    nlohmann::json spans = nlohmann::json::array();
    for (const trace::TraceSpan& s : t.spans)
        spans.push_back(spanJson(t, s));
    nlohmann::json errors = nlohmann::json::array();
    for (const trace::TraceError& e : t.errors) {
        errors.push_back({{"event_id", e.eventId}, {"title", e.title}, {"span_id", e.spanId},
            {"attached_to", t.spans[static_cast<std::size_t>(e.span)].spanId}, {"on_root", e.onRoot}});
    }
    const trace::TraceSummary sum = t.summary();
    return {{"trace_id", t.traceId}, {"root", sum.rootName}, {"duration_us", sum.duration}, {"services", sum.services},
        {"projects", sum.projects}, {"span_count", sum.spanCount}, {"duplicates_collapsed", t.duplicates},
        {"spans", spans}, {"errors", errors}};
}

void printTree(const trace::Trace& t)
{
    const trace::TraceSpan& root = t.spans[static_cast<std::size_t>(t.root)];
    for (const trace::TraceSpan& s : t.spans) {
        QString marks;
        if (s.critical)
            marks += QLatin1Char('*');
        if (s.has(trace::Orphan))
            marks += QStringLiteral(" [orphan]");
        if (s.has(trace::Skewed))
            marks += QStringLiteral(" [skew]");
        if (s.has(trace::SyntheticRoot))
            marks += QStringLiteral(" [synthetic root]");
        for (const std::string& e : s.errorEventIds)
            marks += QStringLiteral(" !error %1").arg(QString::fromStdString(e));
        printLine(QStringLiteral("%1 %2%3 %4  %5  %6  +%7ms %8ms self %9ms%10")
                      .arg(s.critical ? QLatin1Char('*') : QLatin1Char(' '))
                      .arg(QString(s.depth * 2, QLatin1Char(' ')))
                      .arg(QString::fromStdString(s.op))
                      .arg(QString::fromStdString(s.description))
                      .arg(QString::fromStdString(s.service))
                      .arg(QString::fromStdString(s.spanId))
                      .arg(static_cast<double>(s.start - root.start) / 1000.0, 0, 'f', 1)
                      .arg(static_cast<double>(s.adjustedDuration()) / 1000.0, 0, 'f', 1)
                      .arg(static_cast<double>(s.selfTime) / 1000.0, 0, 'f', 1)
                      .arg(marks.mid(s.critical ? 1 : 0)));
    }
    for (const trace::TraceError& e : t.errors) {
        if (e.onRoot)
            printLine(QStringLiteral("error %1 on the root: its span %2 is not in the trace")
                          .arg(QString::fromStdString(e.eventId),
                              e.spanId.empty() ? QStringLiteral("(none)") : QString::fromStdString(e.spanId)));
    }
}

int compare(const trace::Trace& a, const trace::Trace& b, bool json)
{
    const trace::TraceComparison c = trace::compareTraces(a, b);
    nlohmann::json rows = nlohmann::json::array();
    for (const trace::ComparedSpan& r : c.rows) {
        const auto rel = r.relativeDifference();
        if (json) {
            rows.push_back({{"depth", r.depth}, {"service", r.service}, {"op", r.op}, {"description", r.description},
                {"in", r.inBoth() ? "both" : (r.a >= 0 ? "a" : "b")}, {"duration_a_us", r.durationA},
                {"duration_b_us", r.durationB}, {"difference_us", r.difference()},
                {"relative", rel ? nlohmann::json(*rel) : nlohmann::json(nullptr)}});
            continue;
        }
        printLine(QStringLiteral("%1 %2%3 %4  %5")
                      .arg(r.inBoth() ? QStringLiteral("  ") : (r.a >= 0 ? QStringLiteral("A ") : QStringLiteral("B ")))
                      .arg(QString(r.depth * 2, QLatin1Char(' ')))
                      .arg(QString::fromStdString(r.op))
                      .arg(QString::fromStdString(r.description))
                      .arg(r.inBoth() ? QStringLiteral("%1ms -> %2ms (%3%4%)")
                                            .arg(static_cast<double>(r.durationA) / 1000.0, 0, 'f', 1)
                                            .arg(static_cast<double>(r.durationB) / 1000.0, 0, 'f', 1)
                                            .arg(rel && *rel >= 0 ? QStringLiteral("+") : QString())
                                            .arg(rel ? *rel * 100.0 : 0.0, 0, 'f', 0)
                                      : QString()));
    }
    if (json)
        printJson({{"matched", c.matched}, {"only_in_a", c.onlyInA}, {"only_in_b", c.onlyInB}, {"rows", rows}});
    else
        printLine(
            QStringLiteral("%1 matched, %2 only in A, %3 only in B").arg(c.matched).arg(c.onlyInA).arg(c.onlyInB));
    return Success;
}

} // namespace

int runTrace(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "One assembled trace: every span with its parent, depth, start offset, duration, self time, critical-path "
        "flag (*), service and the error events attached to it."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("compare"),
        QStringLiteral("Align with another trace (of the same root transaction) and show the differences."),
        QStringLiteral("TRACE_ID")});
    parser.addPositionalArgument(QStringLiteral("TRACE_ID"), QStringLiteral("The trace id."));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("trace takes one trace id"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    const std::string id = parser.positionalArguments().front().toLower().toStdString();
    const auto t = store::loadTrace(ws->db(), id);
    if (!t) {
        printError(QStringLiteral("no stored event is in trace %1").arg(QString::fromStdString(id)));
        return UsageError;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("compare"))) {
        const std::string other = parser.value(QStringLiteral("compare")).toLower().toStdString();
        const auto b = store::loadTrace(ws->db(), other);
        if (!b) {
            printError(QStringLiteral("no stored event is in trace %1").arg(QString::fromStdString(other)));
            return UsageError;
        }
        return compare(*t, *b, json);
    }
    if (json)
        printJson(traceJson(*t));
    else
        printTree(*t);
    return Success;
}

} // namespace stackdeck::cli
